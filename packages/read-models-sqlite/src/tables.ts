import type { Database } from 'better-sqlite3';
import { reportStreamPrefix, type UnitCode } from '@statledger/domain';
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

/** The table of one kind of key → value ledger state (values as JSON). */
export const entryTable = (kind: LedgerEntryKind) => `rm_${kind}`;

/**
 * Version of the tables' layout. Read models are rebuilt from the log, never migrated: a file whose tables
 * have another layout has them dropped, with the projector's checkpoint, and the projector folds the log again.
 * 2: a report's open findings are rows of their own, not part of the report's row.
 * 3: a report's row pointed at the log event its values came from, joined on reading.
 * 4: the row holds its values (as JSON) and their position as text: the read side never joins the log, so the
 *    events and the projections may live in different stores.
 * 5: the row holds the report's status and its stream's revision (the console's work lists).
 * 6: subtotals per form, unit above the leaves and period (rm_subtotals).
 * 7: a report's open findings back in its row, as a list: no table of their own to write.
 */
const LAYOUT = 7;

const TABLES = ['rm_units', 'rm_reports', 'rm_aggregates', ...LEDGER_ENTRY_KINDS.map(entryTable)];
/** Tables of earlier layouts, dropped with the others. */
const FORMER_TABLES = ['rm_report_findings'];

const layoutOf = (db: Database): number | undefined =>
  db.prepare<[], { n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE name = 'rm_layout'").get()!.n > 0
    ? db.prepare<[], { version: number }>('SELECT version FROM rm_layout').get()?.version
    : undefined;

/** The read model's rows; a file of another layout has its tables dropped and the projector starts again. */
export function createTables(db: Database): void {
  if (layoutOf(db) === LAYOUT) return createCurrentLayout(db);
  db.transaction(() => {
    if (layoutOf(db) === LAYOUT) return;
    // Tables of another layout (or of the first, which had no version) go, and the log is folded again.
    db.exec([...TABLES, ...FORMER_TABLES].map((table) => `DROP TABLE IF EXISTS ${table};`).join(' '));
    db.prepare('DELETE FROM checkpoints WHERE name = ?').run(PROJECTOR);
    db.exec(
      `CREATE TABLE IF NOT EXISTS rm_layout (version INTEGER NOT NULL); DELETE FROM rm_layout; INSERT INTO rm_layout (version) VALUES (${LAYOUT});`,
    );
  }).immediate();
  createCurrentLayout(db);
}

function createCurrentLayout(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS rm_units (code TEXT PRIMARY KEY) WITHOUT ROWID;
    -- A report's state: its values, as JSON, are those of the event at values_at (the submission or the last
    -- correction); its open findings are their ids, in code order, separated by spaces.
    CREATE TABLE IF NOT EXISTS rm_reports (
      stream TEXT PRIMARY KEY, form TEXT NOT NULL, unit_code TEXT NOT NULL, period TEXT NOT NULL, values_at TEXT NOT NULL,
      report_values TEXT NOT NULL, approved INTEGER NOT NULL, revised INTEGER NOT NULL, ever_approved INTEGER NOT NULL, on_time INTEGER NOT NULL,
      status TEXT NOT NULL, revision INTEGER NOT NULL, open_findings TEXT NOT NULL
    ) WITHOUT ROWID;
    -- Per feed aggregate: how many events have changed it (revision, from 0) and the last one's position.
    CREATE TABLE IF NOT EXISTS rm_aggregates (key TEXT PRIMARY KEY, revision INTEGER NOT NULL, position TEXT NOT NULL) WITHOUT ROWID;
    ${LEDGER_ENTRY_KINDS.map((kind) => `CREATE TABLE IF NOT EXISTS ${entryTable(kind)} (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;`).join('\n    ')}
  `);
}

export function clearTables(db: Database): void {
  db.exec(TABLES.map((table) => `DELETE FROM ${table};`).join(' '));
}

const REPORT_SELECT = REPORT_COLUMNS.join(', ');
const REPORT_SELECT_R = REPORT_COLUMNS.map((c) => `r.${c}`).join(', ');

/** A WHERE condition and the values it binds. */
interface Condition {
  sql: string;
  params: string[];
}

/** That a text column starts with `prefix`, as a key range an index on the column serves; always true for ''. */
function startsWith(column: string, prefix: string): Condition {
  if (!prefix) return { sql: '1', params: [] };
  const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  return { sql: `${column} >= ? AND ${column} < ?`, params: [prefix, end] };
}

/**
 * The condition on `rm_reports r` of the reports in scope: a range of report streams, then the periods. An index
 * on (form, period, unit_code) read a city's month no faster on SQLite (each hit a look-up by stream) and cost the
 * rebuild a fifth of its rate: README, Benchmarks, tuning notes.
 */
function reportsIn(scope: LedgerScope | undefined): Condition {
  const streams = startsWith('r.stream', scope ? reportStreamPrefix(scope.form, scope.unitPrefix) : '');
  const periods = scope?.periods ?? [];
  if (!periods.length) return streams;
  return {
    sql: `${streams.sql} AND r.period IN (${periods.map(() => '?').join(', ')})`,
    params: [...streams.params, ...periods],
  };
}

/** A kind's entries in key order (the table's own), optionally only keys that start with `prefix`. */
const keyValues = (db: Database, kind: LedgerEntryKind, prefix = '') => {
  const keys = startsWith('key', prefix);
  return db
    .prepare<string[], { key: string; value: string }>(
      `SELECT key, value FROM ${entryTable(kind)} WHERE ${keys.sql} ORDER BY key`,
    )
    .all(...keys.params);
};

/** Loads the rows into a ledger: all of them, or those a question in `scope` needs. */
export function restoreLedger(db: Database, ledger: ReportLedger, scope?: LedgerScope): void {
  const reports = reportsIn(scope);
  const units = startsWith('code', scope?.unitPrefix ?? '');
  // A question answered from subtotals reads no report.
  const reportRows = scope?.subtotalTiers
    ? []
    : db
        .prepare<string[], ReportRow>(`SELECT ${REPORT_SELECT_R} FROM rm_reports r WHERE ${reports.sql}`)
        .raw(true)
        .all(...reports.params);
  ledger.restore({
    units: db
      .prepare<string[], [string]>(`SELECT code FROM rm_units WHERE ${units.sql}`)
      .raw(true)
      .all(...units.params)
      .map(([code]) => code as UnitCode),
    reports: reportRows.map((row) => [row[0], reportOfRow(row)]),
    openFindings: reportRows.flatMap(openFindingsOfRow),
    entries: Object.fromEntries(
      LEDGER_ENTRY_KINDS.map((kind) => [
        kind,
        (scope
          ? entryKeyPrefixes(kind, scope).flatMap((prefix) => keyValues(db, kind, prefix))
          : keyValues(db, kind)
        ).map((r) => [r.key, JSON.parse(r.value)]),
      ]),
    ) as Record<LedgerEntryKind, [string, unknown][]>,
  });
}

/** Every row in a fixed order: two projections of the same log dump to the same bytes. */
export function dumpTables(db: Database): string {
  const all = <T>(sql: string) => db.prepare<[], T>(sql).raw(true).all();
  return dumpText({
    units: all<[string]>('SELECT code FROM rm_units ORDER BY code').map(([code]) => code),
    reports: all<ReportRow>(`SELECT ${REPORT_SELECT} FROM rm_reports ORDER BY stream`),
    entries: Object.fromEntries(
      LEDGER_ENTRY_KINDS.map((kind) => [kind, keyValues(db, kind).map((r) => [r.key, r.value])]),
    ) as Record<LedgerEntryKind, [string, string][]>,
    aggregates: all<AggregateRow>('SELECT key, revision, position FROM rm_aggregates ORDER BY key'),
  });
}
