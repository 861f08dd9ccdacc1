import pg from 'pg';
import { StoreUnavailableError } from '@statledger/event-store';

// BIGINT columns (positions, revisions) arrive as text, which is what positions are made of. Set on statledger's
// own pools only: other users of pg in the process (a peer in the bench) keep the driver's defaults.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8
      ? (text: string) => text
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface PostgresOptions {
  /** `postgres://user@host:port/database`; a schema other than `public` with `?options=-c%20search_path%3DNAME`. */
  connectionString: string;
  /** The setting the connection string came from, named in errors (e.g. 'STATLEDGER_STORE'). */
  setting?: string;
  /** Connections in the pool: appends queue for the chain's head anyway, reads go side by side. */
  maxConnections?: number;
}

export type Queryable = pg.Pool | pg.PoolClient;

/** A pool whose first connection is tried at once, so a server that is down or refuses is named at start. */
export async function openPool(options: PostgresOptions): Promise<pg.Pool> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 8,
    connectionTimeoutMillis: 10_000,
    types,
  });
  // An idle connection the server drops (a restart, a fail-over) is an error of the pool, not of the process.
  pool.on('error', () => {});
  let standby: boolean;
  try {
    const client = await pool.connect();
    standby = (await client.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby')).rows[0]!.standby;
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw connectionProblem(error, options);
  }
  if (standby) {
    await pool.end();
    const where = `PostgreSQL at ${redacted(options.connectionString)} (${options.setting ?? 'connection string'})`;
    throw new Error(
      `${where} is a standby, which takes no writes: name the primary (after a fail-over, the promoted standby)`,
    );
  }
  return pool;
}

/** What a failed connection means and what to do, naming the setting and the server without its password. */
export function connectionProblem(error: unknown, options: PostgresOptions): Error {
  const code = (error as { code?: string }).code;
  const where = `PostgreSQL at ${redacted(options.connectionString)} (${options.setting ?? 'connection string'})`;
  const advice =
    code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT'
      ? 'does not answer: start the server or correct the host and port'
      : code === '28000' || code === '28P01'
        ? `refuses the login: ${(error as Error).message}; correct the user or password`
        : code === '3D000'
          ? `has no such database: ${(error as Error).message}; create it (createdb) or name another`
          : `cannot be used: ${(error as Error).message}`;
  return new Error(`${where} ${advice}`, { cause: error });
}

function redacted(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password) url.password = '***';
    return `${url.protocol}//${url.username ? `${url.username}@` : ''}${url.host}${url.pathname}`;
  } catch {
    return 'the given address';
  }
}

export interface TransactionOptions {
  /**
   * 'write' (default) reads committed: after waiting for a lock, each statement sees what the transaction before it
   * committed. A 'snapshot' reads everything as of its first statement, and writes nothing.
   */
  mode?: 'write' | 'snapshot';
  /** A statement without parameters sent with BEGIN in one round trip; `work` gets its rows (as arrays). */
  first?: string;
}

/** Runs `work` in one transaction on one connection of the pool: committed when it returns, rolled back when it throws. */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient, first: unknown[][]) => Promise<T>,
  { mode = 'write', first }: TransactionOptions = {},
): Promise<T> {
  const client = await pool.connect().catch((error: unknown) => Promise.reject(storeError(error)));
  let broken: Error | undefined;
  // A connection lost between two statements is told on the client, not on a query: kept, so it is not thrown.
  const lost = (error: Error) => (broken = error);
  client.on('error', lost);
  try {
    const begin =
      mode === 'write' ? 'BEGIN ISOLATION LEVEL READ COMMITTED' : 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';
    const started = await client.query({ text: first ? `${begin}; ${first}` : begin, rowMode: 'array' });
    const result = await work(client, first ? (started as unknown as pg.QueryArrayResult[])[1]!.rows : []);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // A connection that cannot even roll back is dropped from the pool rather than handed out again.
    await client.query('ROLLBACK').catch((rollback: Error) => (broken = rollback));
    throw storeError(error);
  } finally {
    client.off('error', lost);
    client.release(broken);
  }
}

/** A query on any connection of the pool, its failure to reach the server told as such. */
export async function query<R extends pg.QueryResultRow>(
  pool: pg.Pool,
  config: pg.QueryConfig & { rowMode?: 'array' },
): Promise<pg.QueryResult<R>> {
  try {
    return (await pool.query(config)) as pg.QueryResult<R>;
  } catch (error) {
    throw storeError(error);
  }
}

// Connection exceptions (08), an operator or crash shutdown and a server still starting (57P01-03), and a standby
// that refuses writes (25006): the request was fine, the server was not there for it.
const UNAVAILABLE = /^(08...|57P0[1-3]|25006|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH)$/;

/** The error as the port names it: StoreUnavailableError when the server was not there, else itself. */
export function storeError(error: unknown): unknown {
  const { code, message } = error as { code?: string; message?: string };
  const lost =
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(
      message ?? '',
    );
  if ((code && UNAVAILABLE.test(code)) || lost)
    return new StoreUnavailableError(`PostgreSQL: ${message}`, { cause: error });
  return error;
}
