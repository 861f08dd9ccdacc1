import type { Database } from 'better-sqlite3';
import { LEDGER_ENTRY_KINDS, REPORT_COLUMNS, reportRow, rowsOf, type ProjectionBatch } from '@statledger/read-models';
import { entryTable } from './tables.ts';
import { multiRowInsert } from './multi-row-insert.ts';

/**
 * Writes the rows a batch of the fold changed, inside the caller's transaction, a hundred rows per INSERT
 * (better-sqlite3's cost per call was more than half of a row's write), in key order.
 */
export function createRowWriter(db: Database) {
  const insertUnits = multiRowInsert(db, 1, (values) => `INSERT OR IGNORE INTO rm_units (code) VALUES ${values}`);
  const insertReports = multiRowInsert(
    db,
    REPORT_COLUMNS.length,
    (values) => `INSERT OR REPLACE INTO rm_reports (${REPORT_COLUMNS.join(', ')}) VALUES ${values}`,
  );
  const upsertEntries = Object.fromEntries(
    LEDGER_ENTRY_KINDS.map((kind) => [
      kind,
      multiRowInsert(
        db,
        2,
        (values) =>
          `INSERT INTO ${entryTable(kind)} (key, value) VALUES ${values} ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      ),
    ]),
  );
  const upsertAggregates = multiRowInsert(
    db,
    3,
    (values) =>
      `INSERT INTO rm_aggregates (key, revision, position) VALUES ${values} ON CONFLICT (key) DO UPDATE SET revision = excluded.revision, position = excluded.position`,
  );

  return function writeRows(batch: ProjectionBatch): void {
    const rows = rowsOf(batch);
    upsertAggregates(rows.aggregates);
    insertUnits(rows.units.map((unit) => [unit]));
    insertReports(rows.reports, ([stream, r, openFindings]) => reportRow(stream, r, openFindings));
    for (const kind of LEDGER_ENTRY_KINDS) upsertEntries[kind]!(rows.entries[kind]);
  };
}
