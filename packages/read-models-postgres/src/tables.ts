import type pg from 'pg';
import type { UnitCode } from '@statledger/domain';
import { createCheckpointsTable, migratePart } from '@statledger/event-store-postgres';
import {
  LEDGER_ENTRY_KINDS,
  PROJECTOR,
  REPORT_COLUMNS,
  dumpText,
  entryKeyPrefixes,
  openFindingsOfRow,
  reportOfRow,
  type AggregateRow,
  type LedgerEntryKind,
  type LedgerScope,
  type ReportLedger,
  type ReportRow,
} from '@statledger/read-models';
import type { BulkTable } from './bulk-upsert.ts';

/**
 * Version of the projection tables. Read models are rebuilt from the log, never migrated: on another version the
 * tables are dropped with the projector's checkpoint, and the projector folds the log again.
 * 2: a report's row holds its status and its stream's revision.
 * 3: subtotals per form, unit above the leaves and period (rm_subtotals).
 * 4: a report's form, unit and period compare byte by byte, as its stream does (rm_reports_by_period's ranges).
 * 5: a report's row is keyed by its form, period and unit: one index to write, not two (the stream's went). Its
 *    open findings are in it, as a list, not rows of their own in rm_report_findings.
 */
const LAYOUT = 5;

export const entryTable = (kind: LedgerEntryKind) => `rm_${kind}`;

const TABLES = ['rm_units', 'rm_reports', 'rm_aggregates', ...LEDGER_ENTRY_KINDS.map(entryTable)];
/** Tables of earlier layouts, dropped with the others. */
const FORMER_TABLES = ['rm_report_findings'];

// Keys compare byte by byte (COLLATE "C"), as in SQLite: key ranges and the order of every listing do not depend
// on the database's locale.
const KEY = 'TEXT COLLATE "C" NOT NULL';

export const BULK = {
  units: { name: 'rm_units', columns: ['code'], types: ['text'], key: ['code'], onConflict: 'keep' },
  reports: {
    name: 'rm_reports',
    columns: REPORT_COLUMNS,
    types: [
      'text',
      'text',
      'text',
      'text',
      'text',
      'text',
      'smallint',
      'smallint',
      'smallint',
      'smallint',
      'text',
      'integer',
      'text',
    ],
    key: ['form', 'period', 'unit_code'],
    onConflict: 'update',
  },
  aggregates: {
    name: 'rm_aggregates',
    columns: ['key', 'revision', 'position'],
    types: ['text', 'bigint', 'text'],
    key: ['key'],
    onConflict: 'update',
  },
  entry: (kind: LedgerEntryKind): BulkTable => ({
    name: entryTable(kind),
    columns: ['key', 'value'],
    types: ['text', 'text'],
    key: ['key'],
    onConflict: 'update',
  }),
} satisfies Record<string, BulkTable | ((kind: LedgerEntryKind) => BulkTable)>;

/** Creates the tables, or drops those of another layout (with the projector's checkpoint) and creates them anew. */
export async function createTables(client: pg.PoolClient): Promise<void> {
  await migratePart(client, 'projections', LAYOUT, async (from) => {
    await createCheckpointsTable(client);
    if (from !== undefined) {
      await client.query([...TABLES, ...FORMER_TABLES].map((table) => `DROP TABLE IF EXISTS ${table};`).join(' '));
      await client.query('DELETE FROM checkpoints WHERE name = $1', [PROJECTOR]);
    }
    await client.query(`
      CREATE TABLE IF NOT EXISTS rm_units (code ${KEY} PRIMARY KEY);
      CREATE TABLE IF NOT EXISTS rm_reports (
        stream ${KEY}, form ${KEY}, unit_code ${KEY}, period ${KEY}, values_at TEXT NOT NULL,
        report_values TEXT NOT NULL, approved SMALLINT NOT NULL, revised SMALLINT NOT NULL, ever_approved SMALLINT NOT NULL,
        on_time SMALLINT NOT NULL, status TEXT NOT NULL, revision INTEGER NOT NULL, open_findings TEXT NOT NULL,
        PRIMARY KEY (form, period, unit_code)
      );
      CREATE TABLE IF NOT EXISTS rm_aggregates (key ${KEY} PRIMARY KEY, revision BIGINT NOT NULL, position TEXT COLLATE "C" NOT NULL);
      CREATE INDEX IF NOT EXISTS rm_aggregates_by_position ON rm_aggregates (position, key);
      CREATE TABLE IF NOT EXISTS feed_published (
        publisher TEXT NOT NULL, key ${KEY}, revision BIGINT NOT NULL, position TEXT NOT NULL, PRIMARY KEY (publisher, key)
      );
      ${LEDGER_ENTRY_KINDS.map((kind) => `CREATE TABLE IF NOT EXISTS ${entryTable(kind)} (key ${KEY} PRIMARY KEY, value TEXT NOT NULL);`).join('\n')}
    `);
  });
}

export async function clearTables(client: pg.ClientBase): Promise<void> {
  await client.query(`TRUNCATE ${TABLES.join(', ')}`);
}

/** A WHERE condition and the values it binds, numbered from `$first`. */
interface Condition {
  sql: string;
  params: unknown[];
}

/** That a key column starts with `prefix`, as a range of the column's index; always true for ''. */
function startsWith(column: string, prefix: string, first = 1): Condition {
  if (!prefix) return { sql: 'TRUE', params: [] };
  const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  return { sql: `${column} >= $${first} AND ${column} < $${first + 1}`, params: [prefix, end] };
}

/**
 * The reports in scope on `rm_reports r`: every one; or a form's, in its periods (all without), of the units in a
 * range of codes. The key (form, period, unit) serves a city's month, not its every month.
 */
function reportsIn(scope: LedgerScope | undefined): Condition {
  if (!scope) return { sql: 'TRUE', params: [] };
  const periods = scope.periods ?? [];
  const units = startsWith('r.unit_code', scope.unitPrefix ?? '', periods.length ? 3 : 2);
  return periods.length
    ? {
        sql: `r.form = $1 AND r.period = ANY($2::text[]) AND ${units.sql}`,
        params: [scope.form, periods, ...units.params],
      }
    : { sql: `r.form = $1 AND ${units.sql}`, params: [scope.form, ...units.params] };
}

const rows = async <T extends unknown[]>(db: pg.ClientBase, text: string, values: unknown[] = []) =>
  (await db.query<T>({ text, values, rowMode: 'array' })).rows;

const keyValues = (db: pg.ClientBase, kind: LedgerEntryKind, prefix = '') => {
  const keys = startsWith('key', prefix);
  return rows<[string, string]>(
    db,
    `SELECT key, value FROM ${entryTable(kind)} WHERE ${keys.sql} ORDER BY key`,
    keys.params,
  );
};

const SELECT_REPORTS = `SELECT ${REPORT_COLUMNS.map((c) => `r.${c}`).join(', ')} FROM rm_reports r`;

/** Loads the rows into a ledger: all of them, or those a question in `scope` needs. Everything in key order. */
export async function restoreLedger(db: pg.ClientBase, ledger: ReportLedger, scope?: LedgerScope): Promise<void> {
  const reports = reportsIn(scope);
  const units = startsWith('code', scope?.unitPrefix ?? '');
  // A question answered from subtotals reads no report.
  const withReports = !scope?.subtotalTiers;
  // One connection, one query after another: the caller reads them in one snapshot.
  const unitRows = await rows<[string]>(db, `SELECT code FROM rm_units WHERE ${units.sql} ORDER BY code`, units.params);
  const reportRows = withReports
    ? await rows<ReportRow>(db, `${SELECT_REPORTS} WHERE ${reports.sql} ORDER BY r.stream`, reports.params)
    : [];
  const entryRows: [string, string][][] = [];
  for (const kind of LEDGER_ENTRY_KINDS) {
    const rowsOfKind: [string, string][] = [];
    for (const prefix of scope ? entryKeyPrefixes(kind, scope) : [''])
      rowsOfKind.push(...(await keyValues(db, kind, prefix)));
    entryRows.push(rowsOfKind);
  }
  ledger.restore({
    units: unitRows.map(([code]) => code as UnitCode),
    reports: reportRows.map((row) => [row[0], reportOfRow(row)]),
    openFindings: reportRows.flatMap(openFindingsOfRow),
    entries: Object.fromEntries(
      LEDGER_ENTRY_KINDS.map((kind, i) => [kind, entryRows[i]!.map(([key, value]) => [key, JSON.parse(value)])]),
    ) as Record<LedgerEntryKind, [string, unknown][]>,
  });
}

/** Every row in a fixed order, as the SQLite adapter dumps them. */
export async function dumpTables(db: pg.ClientBase): Promise<string> {
  const entries: [string, string][][] = [];
  for (const kind of LEDGER_ENTRY_KINDS) entries.push(await keyValues(db, kind));
  return dumpText({
    units: (await rows<[string]>(db, 'SELECT code FROM rm_units ORDER BY code')).map(([code]) => code),
    reports: await rows<ReportRow>(db, `${SELECT_REPORTS} ORDER BY r.stream`),
    entries: Object.fromEntries(LEDGER_ENTRY_KINDS.map((kind, i) => [kind, entries[i]!])) as Record<
      LedgerEntryKind,
      [string, string][]
    >,
    aggregates: (
      await rows<[string, string, string]>(db, 'SELECT key, revision, position FROM rm_aggregates ORDER BY key')
    ).map(([key, revision, position]): AggregateRow => [key, Number(revision), position]),
  });
}
