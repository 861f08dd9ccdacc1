import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server the PostgreSQL tests use: STATLEDGER_TEST_POSTGRES, else the machine's own. */
export const TEST_POSTGRES = process.env.STATLEDGER_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Why the PostgreSQL tests cannot run here, or undefined when the server answers. With STATLEDGER_REQUIRE_POSTGRES
 * set (as CI sets it) a server that does not answer is an error, never a skip.
 */
export async function postgresUnavailable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    const reason = `PostgreSQL at ${TEST_POSTGRES} does not answer (${(error as Error).message}); start it, or set STATLEDGER_TEST_POSTGRES`;
    if (process.env.STATLEDGER_REQUIRE_POSTGRES) throw new Error(reason, { cause: error });
    return reason;
  } finally {
    await client.end().catch(() => {});
  }
}

export interface PostgresSchema {
  /** A connection string whose search_path is the schema: every table statledger makes lands there. */
  url: string;
  schema: string;
  drop(): Promise<void>;
}

/** An empty schema of its own on the test server, so tests never see each other's tables. */
export async function freshPostgresSchema(prefix = 'test'): Promise<PostgresSchema> {
  const schema = `${prefix}_${randomBytes(5).toString('hex')}`;
  await adminQuery(`CREATE SCHEMA ${schema}`);
  const url = new URL(TEST_POSTGRES);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { url: url.toString(), schema, drop: () => adminQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`) };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
