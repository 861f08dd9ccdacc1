import type { Readable } from 'node:stream';
import { MalformedCsvError, csvRows } from './csv-parser.ts';
import {
  TEXT_LIMITS,
  decideUnitRegistration,
  freeTextSchema,
  parentOf,
  parseUnitCode,
  startsLikeFormula,
  unitStreamName,
  type UnitCode,
} from '@statledger/domain';
import { uuidFromName, type AppendRequest, type EventStore, type JsonObject } from '@statledger/event-store';
import { authorize, authorizeAction, type Principal } from './principals.ts';
import type { UnitRegistry } from './unit-registry.ts';
import type { CsvImportError } from './csv-reports.ts';
import { validate } from './validate.ts';

export interface UnitImportSummary {
  rows: number;
  registered: number;
  renamed: number;
  unchanged: number;
  errors: CsvImportError[];
}

/**
 * The NBS layout: `code,name[,parentCode]`, UTF-8 with or without BOM; codes in full or short form.
 * Re-importing a file changes nothing; a new name for a known code is recorded as a rename.
 */
export async function importUnitsCsv(
  input: Readable,
  deps: { store: EventStore; units: UnitRegistry },
  options: {
    principal: Principal;
    correlationId?: string;
    onProgress?: (s: UnitImportSummary) => void;
    batchSize?: number;
  },
): Promise<UnitImportSummary> {
  const batchSize = options.batchSize ?? 5_000;
  // A principal whose role may not import units is told once, not on every row.
  authorizeAction(options.principal, 'import-units');
  const summary: UnitImportSummary = { rows: 0, registered: 0, renamed: 0, unchanged: 0, errors: [] };
  const metadata = {
    principal: options.principal.id,
    channel: 'csv',
    correlationId: options.correlationId ?? uuidFromName(`units:${Date.now()}`),
  };
  await deps.units.catchUp();
  const seen = new Map<UnitCode, number>();
  let batch: AppendRequest[] = [];
  const flush = async () => {
    if (batch.length) await deps.store.appendToStreams(batch);
    await deps.units.catchUp();
    batch = [];
    options.onProgress?.(summary);
  };
  try {
    for await (const item of csvRows(input, ['code', 'name'], 'a unit CSV has the header code,name[,parentCode]')) {
      summary.rows++;
      if ('problem' in item) {
        summary.errors.push({ line: item.line, message: item.problem });
        continue;
      }
      const { line, cells: row } = item;
      try {
        const code = parseUnitCode(row.code ?? '');
        const name = unitName(row.name ?? '');
        if (row.parentCode) {
          const declared = parseUnitCode(row.parentCode);
          if (declared !== parentOf(code))
            throw new Error(
              `parentCode ${declared} is not the parent of ${code} by the code scheme (that is ${parentOf(code)})`,
            );
        }
        if (seen.has(code)) throw new Error(`unit ${code} appears again (first at line ${seen.get(code)})`);
        seen.set(code, line);
        authorize(options.principal, 'import-units', code);
        const events = decideUnitRegistration(deps.units.get(code), code, name);
        if (events.length === 0) {
          summary.unchanged++;
          continue;
        }
        const revision = deps.units.revisionOf(code);
        const next = revision === undefined ? 0n : revision + 1n;
        batch.push({
          stream: unitStreamName(code),
          expectedRevision: revision ?? 'no_stream',
          events: events.map((e, i) => ({
            id: uuidFromName(`${unitStreamName(code)}:${next + BigInt(i)}:${name}`),
            type: e.type,
            data: e.data as unknown as JsonObject,
            metadata,
          })),
        });
        if (events[0]!.type === 'UnitRegistered') summary.registered++;
        else summary.renamed++;
        if (batch.length >= batchSize) await flush();
      } catch (error) {
        summary.errors.push({ line, message: (error as Error).message });
      }
    }
  } catch (error) {
    if (!(error instanceof MalformedCsvError) || summary.rows === 0) throw error;
    summary.errors.push({ line: summary.rows + 2, message: error.message });
  }
  await flush();
  return summary;
}

/** Made once: a zod schema costs tens of microseconds to build, and a country registers 665,240 units. */
const UNIT_NAME = freeTextSchema(TEXT_LIMITS.name, 'name');

/**
 * A unit's name as it will be shown in every list, bulletin and export: plain text of at most 200 characters
 * that no spreadsheet would take for a formula (=HYPERLINK(…) in a bulletin's CSV would run in the reader's Excel).
 */
function unitName(raw: string): string {
  const name = validate(UNIT_NAME, raw).trim();
  if (startsLikeFormula(name))
    throw new Error(
      `the name '${name}' starts with ${JSON.stringify(name[0])}, which spreadsheets read as a formula; a unit's name starts with a letter or digit`,
    );
  return name;
}
