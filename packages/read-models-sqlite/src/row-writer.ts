import type { Database } from 'better-sqlite3';
import { LEDGER_ENTRY_KINDS, type LedgerChanges, type ReportLedger } from '@statledger/read-models';
import { REPORT_COLUMNS, entryTable, reportRow } from './tables.ts';
import { multiRowInsert } from './multi-row-insert.ts';

/** An aggregate's row: its key, how many events have changed it, the position of the last. */
export type AggregateRow = [key: string, revision: number, position: string];

/**
 * Writes the rows a batch of the fold changed, inside the caller's transaction. Rows go in key order: each
 * B-tree page is then written once per batch, not once per row that lands on it.
 */
export function createRowWriter(db: Database) {
  const insertUnits = multiRowInsert(db, 1, (values) => `INSERT OR IGNORE INTO rm_units (code) VALUES ${values}`);
  const insertReports = multiRowInsert(db, 9, (values) => `INSERT OR REPLACE INTO rm_reports (${REPORT_COLUMNS}) VALUES ${values}`);
  const openFindings = multiRowInsert(db, 2, (values) => `INSERT OR IGNORE INTO rm_report_findings (report, finding) VALUES ${values}`);
  const closeFinding = db.prepare('DELETE FROM rm_report_findings WHERE report = ? AND finding = ?');
  const upsertEntries = Object.fromEntries(
    LEDGER_ENTRY_KINDS.map((kind) => [kind, multiRowInsert(db, 2, (values) => `INSERT INTO ${entryTable(kind)} (key, value) VALUES ${values} ON CONFLICT (key) DO UPDATE SET value = excluded.value`)]),
  );
  const upsertAggregates = multiRowInsert(db, 3, (values) => `INSERT INTO rm_aggregates (key, revision, position) VALUES ${values} ON CONFLICT (key) DO UPDATE SET revision = excluded.revision, position = excluded.position`);

  return function writeRows(ledger: ReportLedger, changes: LedgerChanges, aggregates: AggregateRow[]): void {
    upsertAggregates(aggregates);
    insertUnits([...changes.units].map((unit) => [unit]));
    const reports = [];
    for (const stream of [...changes.reports].sort()) {
      const r = ledger.report(stream);
      if (r) reports.push(reportRow(stream, r));
    }
    insertReports(reports);
    const opened: FindingRow[] = [];
    const closed: FindingRow[] = [];
    for (const [finding, { report, open }] of changes.findings) (open ? opened : closed).push([report, finding]);
    openFindings(opened.sort(byKey));
    for (const row of closed.sort(byKey)) closeFinding.run(row);
    for (const kind of LEDGER_ENTRY_KINDS) upsertEntries[kind]!([...changes[kind]].map((key) => [key, JSON.stringify(ledger.entry(kind, key))]));
  };
}

type FindingRow = [report: string, finding: string];

/** (report, finding) order, the findings table's key order. */
const byKey = ([a, b]: FindingRow, [c, d]: FindingRow) => (a < c ? -1 : a > c ? 1 : b < d ? -1 : b > d ? 1 : 0);
