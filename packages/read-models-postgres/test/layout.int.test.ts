import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { fold, sampleLog } from '@statledger/read-models/contract';
import { freshPostgresSchema, postgresUnavailable, type PostgresSchema } from '@statledger/testing';
import { createPostgresProjectionStore } from '../src/index.ts';

const unavailable = await postgresUnavailable();

/** The key columns of a table's primary key, in order. */
const primaryKeyOf = async (client: pg.Client, table: string) =>
  (
    await client.query<{ column: string }>(
      `SELECT a.attname AS column FROM pg_index i
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
       WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)`,
      [table],
    )
  ).rows.map((r) => r.column);

describe.skipIf(unavailable)('the read-model tables in PostgreSQL', () => {
  let schema: PostgresSchema;
  let client: pg.Client;
  beforeAll(async () => {
    schema = await freshPostgresSchema('layout');
    client = new pg.Client({ connectionString: schema.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await schema?.drop();
  });

  it('are dropped with the projector’s checkpoint when the database holds layout 4, and folded again', async () => {
    const log = await sampleLog();
    const first = await createPostgresProjectionStore({ connectionString: schema.url });
    const { events } = await fold(log, first);
    const expected = await first.dump();
    await first.close();
    // Layout 4: a report's row keyed by its stream, its form, period and unit in an index of their own; its open
    // findings as rows of their own.
    await client.query(`
      UPDATE statledger_schema SET version = 4 WHERE part = 'projections';
      DROP TABLE rm_reports;
      CREATE TABLE rm_reports (
        stream TEXT COLLATE "C" PRIMARY KEY, form TEXT COLLATE "C" NOT NULL, unit_code TEXT COLLATE "C" NOT NULL,
        period TEXT COLLATE "C" NOT NULL, values_at TEXT NOT NULL, report_values TEXT NOT NULL,
        approved SMALLINT NOT NULL, revised SMALLINT NOT NULL, ever_approved SMALLINT NOT NULL, on_time SMALLINT NOT NULL,
        status TEXT NOT NULL, revision INTEGER NOT NULL
      );
      CREATE INDEX rm_reports_by_period ON rm_reports (form, period, unit_code);
      INSERT INTO rm_reports VALUES
        ('report-sanitation-110101001001-2025-03', 'sanitation', '110101001001', '2025-03', '1', '{}', 0, 0, 0, 1, 'stale', 0);
      CREATE TABLE rm_report_findings (report TEXT COLLATE "C", finding TEXT COLLATE "C", PRIMARY KEY (report, finding));
      INSERT INTO rm_report_findings VALUES ('report-sanitation-110101001001-2025-03', 'stale');
    `);

    const again = await createPostgresProjectionStore({ connectionString: schema.url });
    expect(await again.checkpoints.load('stats-projector')).toBeNull();
    expect((await fold(log, again)).events).toBe(events);
    expect(await again.dump()).toBe(expected);
    await again.close();
    expect(await primaryKeyOf(client, 'rm_reports')).toEqual(['form', 'period', 'unit_code']);
    const indexes = await client.query(
      `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'rm_reports'`,
    );
    expect(indexes.rows).toEqual([{ indexname: 'rm_reports_pkey' }]);
    expect((await client.query(`SELECT to_regclass('rm_report_findings') AS findings`)).rows).toEqual([
      { findings: null },
    ]);
  });
});
