import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { freshPostgresSchema, postgresUnavailable, type PostgresSchema } from '@statledger/testing';
import { upsertRows, type BulkTable } from '../src/bulk-upsert.ts';

const unavailable = await postgresUnavailable();
const table: BulkTable = {
  name: 'awkward',
  columns: ['key', 'value'],
  types: ['text', 'text'],
  key: ['key'],
  onConflict: 'update',
};
// What COPY's text format gives a meaning to: backslashes, tabs, line ends, \N, and text outside ASCII.
const awkward = ['a\\b', 'tab\there', 'line\nend', 'cr\rhere', '\\N', '"quoted"', '统计数据', '', '\\\\t'];

describe.skipIf(unavailable)('bulk upserts into PostgreSQL', () => {
  let schema: PostgresSchema;
  let client: pg.Client;
  beforeAll(async () => {
    schema = await freshPostgresSchema('bulk');
    client = new pg.Client({ connectionString: schema.url });
    await client.connect();
    await client.query('CREATE TABLE awkward (key TEXT PRIMARY KEY, value TEXT)');
  });
  afterAll(async () => {
    await client?.end();
    await schema?.drop();
  });

  it.each([
    ['as arrays in one INSERT', 1_000_000],
    ['through COPY', 1],
  ])('keeps every character of every value %s, and replaces a row whose key is present', async (_how, copyFromRows) => {
    await client.query('TRUNCATE awkward');
    const rows = awkward.map((value, i): [string, string] => [`k${i}`, value]);
    await client.query('BEGIN');
    await upsertRows(client, table, rows, { copyFromRows });
    await upsertRows(
      client,
      table,
      [
        ['k0', 'replaced'],
        ['k99', null],
      ],
      { copyFromRows },
    );
    await client.query('COMMIT');
    const read = (
      await client.query<{ key: string; value: string | null }>(
        'SELECT key, value FROM awkward ORDER BY key COLLATE "C"',
      )
    ).rows;
    expect(read).toEqual(
      [
        ...rows.slice(1).map(([key, value]) => ({ key, value })),
        { key: 'k0', value: 'replaced' },
        { key: 'k99', value: null },
      ].sort((a, b) => (a.key < b.key ? -1 : 1)),
    );
  });
});
