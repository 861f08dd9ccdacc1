import type pg from 'pg';
import { LEDGER_ENTRY_KINDS, reportRow, rowsOf, type ProjectionBatch } from '@statledger/read-models';
import { upsertRows, type BulkTable, type Cell, type UpsertOptions } from './bulk-upsert.ts';
import { BULK } from './tables.ts';

/** Writes the rows a batch of the fold changed, in the caller's transaction, each table in key order. */
export async function writeRows(client: pg.ClientBase, batch: ProjectionBatch, copyFromRows?: number): Promise<void> {
  const rows = rowsOf(batch);
  const upsert = <T = readonly Cell[]>(table: BulkTable, cells: readonly T[], options: UpsertOptions<T> = {}) =>
    upsertRows(client, table, cells, { copyFromRows, ...options });
  await upsert(BULK.aggregates, rows.aggregates);
  await upsert(
    BULK.units,
    rows.units.map((unit) => [unit]),
  );
  await upsert(BULK.reports, inKeyOrder(rows.reports), {
    cellsOf: ([stream, r, openFindings]) => reportRow(stream, r, openFindings),
  });
  for (const kind of LEDGER_ENTRY_KINDS) await upsert(BULK.entry(kind), rows.entries[kind]);
}

type Report = ReturnType<typeof rowsOf>['reports'][number];

/**
 * Reports in the order of their table's key (form, period, unit) from their streams' order (form, unit, period):
 * each form and period keeps its units in order, so one pass regroups them, and the key's B-tree takes each at its end.
 */
function inKeyOrder(reports: Report[]): Report[] {
  const runs = new Map<string, Map<string, Report[]>>();
  for (const report of reports) {
    const { form, period } = report[1];
    const periods = runs.get(form) ?? runs.set(form, new Map()).get(form)!;
    const run = periods.get(period);
    if (run) run.push(report);
    else periods.set(period, [report]);
  }
  const inOrder: Report[] = [];
  for (const form of [...runs.keys()].sort()) {
    const periods = runs.get(form)!;
    for (const period of [...periods.keys()].sort()) for (const report of periods.get(period)!) inOrder.push(report);
  }
  return inOrder;
}
