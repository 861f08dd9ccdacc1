import Database from 'better-sqlite3';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { rmSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { applyStorePragmas } from '@statledger/event-store-sqlite';

const ROWS_PER_INSERT = 100;

/** Events per second of a rebuild that folded nothing: the log read raw at `readPerSec`, then the rows written raw. */
export const ceilingRate = (events: number, readPerSec: number, writeMs: number) =>
  events / (events / readPerSec + writeMs / 1000);

/**
 * The write limit of a rebuild on SQLite: the rows the rebuild left in `source`'s read-model tables, written by plain
 * multi-row INSERTs in key order into empty tables made by the same statements, in one transaction, with the
 * store's connection settings; milliseconds. No fold, no upsert, no checkpoint: after a raw replay of the log, what
 * a rebuild that folded nothing would still cost.
 */
export function rawRowWrite(source: Database.Database, file: string): number {
  const tables = source
    .prepare<[], { name: string; sql: string }>(
      "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name GLOB 'rm_*'",
    )
    .all()
    .map(({ name, sql }) => ({
      name,
      sql,
      rows: source.prepare(`SELECT * FROM ${name}`).raw(true).all() as unknown[][],
    }));
  rmSync(file, { force: true });
  const target = new Database(file);
  try {
    applyStorePragmas(target, 'normal');
    for (const { sql } of tables) target.exec(sql);
    const t0 = performance.now();
    target.transaction(() => {
      for (const { name, rows } of tables) if (rows.length) insertAll(target, name, rows);
    })();
    return performance.now() - t0;
  } finally {
    target.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  }
}

function insertAll(db: Database.Database, table: string, rows: unknown[][]): void {
  const width = rows[0]!.length;
  const statement = (count: number) =>
    db.prepare(
      `INSERT INTO ${table} VALUES ${Array(count)
        .fill(`(${Array(width).fill('?').join(', ')})`)
        .join(', ')}`,
    );
  const full = statement(ROWS_PER_INSERT);
  const parameters: unknown[] = new Array(ROWS_PER_INSERT * width);
  let i = 0;
  for (; i + ROWS_PER_INSERT <= rows.length; i += ROWS_PER_INSERT) {
    for (let r = 0, p = 0; r < ROWS_PER_INSERT; r++) for (const value of rows[i + r]!) parameters[p++] = value;
    full.run(parameters);
  }
  if (i < rows.length) statement(rows.length - i).run(rows.slice(i).flat());
}

/**
 * The same limit on PostgreSQL: the read model's rows (read out first, untimed, as COPY text) COPYed into empty
 * tables made LIKE them (keys and indexes included), in one transaction; milliseconds. The tables are dropped after.
 */
export async function rawRowCopy(pool: pg.Pool): Promise<number> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'rm\\_%'",
    );
    const tables: { name: string; text: Buffer }[] = [];
    for (const { name } of rows) {
      const chunks: Buffer[] = [];
      for await (const chunk of client.query(copyStreams.to(`COPY ${name} TO STDOUT`))) chunks.push(chunk as Buffer);
      tables.push({ name, text: Buffer.concat(chunks) });
      await client.query(`DROP TABLE IF EXISTS raw_${name}; CREATE TABLE raw_${name} (LIKE ${name} INCLUDING ALL)`);
    }
    const t0 = performance.now();
    await client.query('BEGIN');
    for (const { name, text } of tables)
      await pipeline(Readable.from([text]), client.query(copyStreams.from(`COPY raw_${name} FROM STDIN`)));
    await client.query('COMMIT');
    const ms = performance.now() - t0;
    for (const { name } of tables) await client.query(`DROP TABLE raw_${name}`);
    return ms;
  } finally {
    client.release();
  }
}
