import type { Database } from 'better-sqlite3';
import type { UnitCode } from '@statledger/domain';
import { LEDGER_ENTRY_KINDS, type LedgerEntryKind, type LedgerReport, type ReportLedger } from '@statledger/read-models';

/** The table of one kind of key → value ledger state (values as JSON). */
export const entryTable = (kind: LedgerEntryKind) => `rm_${kind}`;

/** The read model's rows, in the event store's own file so rows and checkpoint commit together. */
export function createTables(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS rm_units (code TEXT PRIMARY KEY) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS rm_reports (stream TEXT PRIMARY KEY, form TEXT NOT NULL, state TEXT NOT NULL) WITHOUT ROWID;
    -- Per feed aggregate: how many events have changed it (revision, from 0) and the last one's position.
    CREATE TABLE IF NOT EXISTS rm_aggregates (key TEXT PRIMARY KEY, revision INTEGER NOT NULL, position TEXT NOT NULL) WITHOUT ROWID;
    ${LEDGER_ENTRY_KINDS.map((kind) => `CREATE TABLE IF NOT EXISTS ${entryTable(kind)} (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;`).join('\n    ')}
  `);
}

export function clearTables(db: Database): void {
  db.exec(['rm_units', 'rm_reports', 'rm_aggregates', ...LEDGER_ENTRY_KINDS.map(entryTable)].map((table) => `DELETE FROM ${table};`).join(' '));
}

type StoredReport = Omit<LedgerReport, 'findings'> & { findings: string[] };

/** A report row: the ledger's record with its open finding ids sorted, so equal states are equal bytes. */
export function encodeReport(r: LedgerReport): string {
  const stored: StoredReport = { ...r, findings: [...r.findings].sort() };
  return JSON.stringify(stored);
}

export function decodeReport(text: string): LedgerReport {
  const stored = JSON.parse(text) as StoredReport;
  return { ...stored, findings: new Set(stored.findings) };
}

const keyValues = (db: Database, kind: LedgerEntryKind, order = '') =>
  db.prepare<[], { key: string; value: string }>(`SELECT key, value FROM ${entryTable(kind)}${order}`).all();

/** Loads the rows into a ledger (optionally one form's reports only, for a query). */
export function restoreLedger(db: Database, ledger: ReportLedger, form?: string): void {
  const reports = (form ? db.prepare<[string], { stream: string; state: string }>('SELECT stream, state FROM rm_reports WHERE form = ?').all(form) : db.prepare<[], { stream: string; state: string }>('SELECT stream, state FROM rm_reports').all())
    .map((row) => [row.stream, decodeReport(row.state)] as [string, LedgerReport]);
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
  for (const kind of LEDGER_ENTRY_KINDS) for (const r of keyValues(db, kind, ' ORDER BY key')) lines.push(`${kind} ${r.key} ${r.value}`);
  for (const r of db.prepare<[], { key: string; revision: number; position: string }>('SELECT key, revision, position FROM rm_aggregates ORDER BY key').all()) lines.push(`aggregate ${r.key} ${r.revision} ${r.position}`);
  return `${lines.join('\n')}\n`;
}
