import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';

/** A table written in bulk: its columns with their SQL types, and what a row whose key is present does. */
export interface BulkTable {
  name: string;
  columns: readonly string[];
  types: readonly string[];
  key: readonly string[];
  /** 'update': the row replaces the one present; 'keep': the one present stays. */
  onConflict: 'update' | 'keep';
}

/**
 * From this many rows a write goes through COPY into a staging table, then one INSERT … SELECT: a rebuild's
 * batches are tens of thousands of rows. Fewer rows (a live batch) go as one INSERT of arrays, one round trip.
 */
export const COPY_FROM_ROWS = 2_000;

export type Cell = string | number | null;

/** How a write goes: from how many rows through COPY, and how a row's cells are made from what the caller holds. */
export interface UpsertOptions<T> {
  copyFromRows?: number;
  /** Cells made as the rows are written: COPY sends the first rows while the last are still being made. */
  cellsOf?: (row: T) => readonly Cell[];
}

/** Inserts or updates rows in the caller's transaction, in the order given; their keys are unique among them. */
export async function upsertRows<T = readonly Cell[]>(
  client: pg.ClientBase,
  table: BulkTable,
  rows: readonly T[],
  { copyFromRows = COPY_FROM_ROWS, cellsOf = (row) => row as readonly Cell[] }: UpsertOptions<T> = {},
): Promise<void> {
  if (rows.length === 0) return;
  const columns = table.columns.join(', ');
  const conflict =
    table.onConflict === 'keep'
      ? `ON CONFLICT (${table.key.join(', ')}) DO NOTHING`
      : `ON CONFLICT (${table.key.join(', ')}) DO UPDATE SET ${table.columns
          .filter((c) => !table.key.includes(c))
          .map((c) => `${c} = excluded.${c}`)
          .join(', ')}`;
  if (rows.length < copyFromRows) {
    const cells = rows.map(cellsOf);
    const arrays = table.columns.map((_, column) => cells.map((row) => row[column] ?? null));
    const unnest = table.types.map((type, i) => `$${i + 1}::${type}[]`).join(', ');
    await client.query(`INSERT INTO ${table.name} (${columns}) SELECT * FROM unnest(${unnest}) ${conflict}`, arrays);
    return;
  }
  const copy = (into: string) =>
    pipeline(
      Readable.from(copyLines(rows, cellsOf)),
      client.query(copyStreams.from(`COPY ${into} (${columns}) FROM STDIN`)),
    );
  // Into an empty table (a rebuild's first batch) the rows go straight, their keys unique: nothing to conflict with.
  const empty = await client.query<{ empty: boolean }>(`SELECT NOT EXISTS (SELECT 1 FROM ${table.name}) AS empty`);
  if (empty.rows[0]!.empty) return copy(table.name);
  const stage = `stage_${table.name}`;
  await client.query(`CREATE TEMP TABLE IF NOT EXISTS ${stage} (LIKE ${table.name}) ON COMMIT DROP`);
  await copy(stage);
  await client.query(`INSERT INTO ${table.name} (${columns}) SELECT ${columns} FROM ${stage} ${conflict}`);
  await client.query(`TRUNCATE ${stage}`);
}

/** Rows in COPY's text format, a chunk of lines at a time. */
function* copyLines<T>(rows: readonly T[], cellsOf: (row: T) => readonly Cell[]): Generator<string> {
  let chunk = '';
  let lines = 0;
  for (const item of rows) {
    const row = cellsOf(item);
    let line = copyField(row[0] ?? null);
    for (let i = 1; i < row.length; i++) line += `\t${copyField(row[i] ?? null)}`;
    chunk += `${line}\n`;
    if (++lines === 1_000) {
      yield chunk;
      chunk = '';
      lines = 0;
    }
  }
  if (chunk) yield chunk;
}

/** A field of COPY's text format: \N for null, backslash and the separators escaped. */
export function copyField(value: Cell): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  // Most fields hold none of the four: a test is cheaper than a replace that finds nothing.
  if (!SPECIAL.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

const SPECIAL = /[\\\t\n\r]/;
