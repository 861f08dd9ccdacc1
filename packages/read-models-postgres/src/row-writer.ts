import type pg from 'pg';
import { LEDGER_ENTRY_KINDS, reportRow, rowsOf, type ProjectionBatch } from '@statledger/read-models';
import { upsertRows } from './bulk-upsert.ts';
import { BULK } from './tables.ts';

/** Writes the rows a batch of the fold changed, in the caller's transaction, each table in key order. */
export async function writeRows(client: pg.ClientBase, batch: ProjectionBatch, copyFromRows?: number): Promise<void> {
  const rows = rowsOf(batch);
  const upsert: typeof upsertRows = (db, table, cells) => upsertRows(db, table, cells, copyFromRows);
  await upsert(client, BULK.aggregates, rows.aggregates);
  await upsert(
    client,
    BULK.units,
    rows.units.map((unit) => [unit]),
  );
  await upsert(
    client,
    BULK.reports,
    rows.reports.map(([stream, r]) => reportRow(stream, r)),
  );
  await upsert(client, BULK.findings, rows.opened);
  if (rows.closed.length) {
    await client.query(
      `DELETE FROM rm_report_findings f USING unnest($1::text[], $2::text[]) AS closed (report, finding)
       WHERE f.report = closed.report AND f.finding = closed.finding`,
      [rows.closed.map(([report]) => report), rows.closed.map(([, finding]) => finding)],
    );
  }
  for (const kind of LEDGER_ENTRY_KINDS) await upsert(client, BULK.entry(kind), rows.entries[kind]);
}
