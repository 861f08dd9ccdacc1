import type { Database } from 'better-sqlite3';
import type { UnitCode } from '@statledger/domain';
import { LEDGER_ENTRY_KINDS, type LedgerEntryKind, type LedgerReport, type ReportLedger } from '@statledger/read-models';

/** The table of one kind of key → value ledger state (values as JSON). */
export const entryTable = (kind: LedgerEntryKind) => `rm_${kind}`;

/** The statistics projector's checkpoint name: it moves in the same transaction as the rows. */
export const PROJECTOR = 'stats-projector';

/**
 * Version of the tables' layout. Read models are rebuilt from the log, never migrated: a file whose tables
 * have another layout has them dropped, with the projector's checkpoint, and the projector folds the log again.
 * 2: a report's open findings are rows of their own, not part of the report's row.
 */
const LAYOUT = 2;

const TABLES = ['rm_units', 'rm_reports', 'rm_report_findings', 'rm_aggregates', ...LEDGER_ENTRY_KINDS.map(entryTable)];

const layoutOf = (db: Database): number | undefined =>
  db.prepare<[], { n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE name = 'rm_layout'").get()!.n > 0 ? db.prepare<[], { version: number }>('SELECT version FROM rm_layout').get()?.version : undefined;

/** The read model's rows, in the event store's own file so rows and checkpoint commit together. */
export function createTables(db: Database): void {
  if (layoutOf(db) === LAYOUT) return createCurrentLayout(db);
  db.transaction(() => {
    if (layoutOf(db) === LAYOUT) return;
    // Tables of another layout (or of the first, which had no version) go, and the log is folded again.
    db.exec(TABLES.map((table) => `DROP TABLE IF EXISTS ${table};`).join(' '));
    db.prepare('DELETE FROM checkpoints WHERE name = ?').run(PROJECTOR);
    db.exec(`CREATE TABLE IF NOT EXISTS rm_layout (version INTEGER NOT NULL); DELETE FROM rm_layout; INSERT INTO rm_layout (version) VALUES (${LAYOUT});`);
  }).immediate();
  createCurrentLayout(db);
}

function createCurrentLayout(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS rm_units (code TEXT PRIMARY KEY) WITHOUT ROWID;
    -- A report's state without its findings; each open finding is a row of rm_report_findings.
    CREATE TABLE IF NOT EXISTS rm_reports (stream TEXT PRIMARY KEY, form TEXT NOT NULL, state TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS rm_report_findings (report TEXT NOT NULL, finding TEXT NOT NULL, PRIMARY KEY (report, finding)) WITHOUT ROWID;
    -- Per feed aggregate: how many events have changed it (revision, from 0) and the last one's position.
    CREATE TABLE IF NOT EXISTS rm_aggregates (key TEXT PRIMARY KEY, revision INTEGER NOT NULL, position TEXT NOT NULL) WITHOUT ROWID;
    ${LEDGER_ENTRY_KINDS.map((kind) => `CREATE TABLE IF NOT EXISTS ${entryTable(kind)} (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;`).join('\n    ')}
  `);
}

export function clearTables(db: Database): void {
  db.exec(TABLES.map((table) => `DELETE FROM ${table};`).join(' '));
}

type StoredReport = Omit<LedgerReport, 'findings' | 'openFindings'>;

/** A report row: the ledger's record without its findings (they are rows of their own). */
export function encodeReport(r: LedgerReport): string {
  const { findings: _findings, openFindings: _open, ...stored } = r;
  return JSON.stringify(stored satisfies StoredReport);
}

export function decodeReport(text: string, findings: readonly string[] = []): LedgerReport {
  return { ...(JSON.parse(text) as StoredReport), findings: new Set(findings), openFindings: findings.length };
}

/** Open finding ids by report (optionally of one form's reports only). */
function findingsByReport(db: Database, form?: string): Map<string, string[]> {
  const rows = form
    ? db.prepare<[string], { report: string; finding: string }>('SELECT f.report, f.finding FROM rm_report_findings f JOIN rm_reports r ON r.stream = f.report WHERE r.form = ?').all(form)
    : db.prepare<[], { report: string; finding: string }>('SELECT report, finding FROM rm_report_findings').all();
  const byReport = new Map<string, string[]>();
  for (const row of rows) (byReport.get(row.report) ?? byReport.set(row.report, []).get(row.report)!).push(row.finding);
  return byReport;
}

const keyValues = (db: Database, kind: LedgerEntryKind, order = '') =>
  db.prepare<[], { key: string; value: string }>(`SELECT key, value FROM ${entryTable(kind)}${order}`).all();

/** Loads the rows into a ledger (optionally one form's reports only, for a query). */
export function restoreLedger(db: Database, ledger: ReportLedger, form?: string): void {
  const findings = findingsByReport(db, form);
  const reports = (form ? db.prepare<[string], { stream: string; state: string }>('SELECT stream, state FROM rm_reports WHERE form = ?').all(form) : db.prepare<[], { stream: string; state: string }>('SELECT stream, state FROM rm_reports').all())
    .map((row) => [row.stream, decodeReport(row.state, findings.get(row.stream))] as [string, LedgerReport]);
  ledger.restore({
    units: db.prepare<[], { code: string }>('SELECT code FROM rm_units').all().map((r) => r.code as UnitCode),
    reports,
    entries: Object.fromEntries(LEDGER_ENTRY_KINDS.map((kind) => [kind, keyValues(db, kind).map((r) => [r.key, JSON.parse(r.value)])])) as Record<LedgerEntryKind, [string, unknown][]>,
  });
}

/** Every row in a fixed order: two projections of the same log dump to the same bytes. */
export function dumpTables(db: Database): string {
  const lines: string[] = [];
  for (const r of db.prepare<[], { code: string }>('SELECT code FROM rm_units ORDER BY code').all()) lines.push(`unit ${r.code}`);
  for (const r of db.prepare<[], { stream: string; state: string }>('SELECT stream, state FROM rm_reports ORDER BY stream').all()) lines.push(`report ${r.stream} ${r.state}`);
  for (const r of db.prepare<[], { report: string; finding: string }>('SELECT report, finding FROM rm_report_findings ORDER BY report, finding').all()) lines.push(`finding ${r.report} ${r.finding}`);
  for (const kind of LEDGER_ENTRY_KINDS) for (const r of keyValues(db, kind, ' ORDER BY key')) lines.push(`${kind} ${r.key} ${r.value}`);
  for (const r of db.prepare<[], { key: string; revision: number; position: string }>('SELECT key, revision, position FROM rm_aggregates ORDER BY key').all()) lines.push(`aggregate ${r.key} ${r.revision} ${r.position}`);
  return `${lines.join('\n')}\n`;
}
