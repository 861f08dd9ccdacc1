import pg from 'pg';
import { randomBytes } from 'node:crypto';
import type { AppendRequest } from '@statledger/event-store';
import { createPostgresEventStore, type PostgresEventStore } from '@statledger/event-store-postgres';
import { copyField, createPostgresProjectionStore } from '@statledger/read-models-postgres';
import { resetProjection, runProjector } from '@statledger/read-models';
import { loadFormCatalogue } from '@statledger/form-catalogue';
import copyStreams from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { appendAndReadBack, countEvents, type StoreRates } from './store-baselines.ts';
import { medianRound } from './rounds.ts';
import { ceilingRate, rawRowCopy } from './raw-row-write.ts';
import { inChild } from './in-child.ts';

/** The server the bench's PostgreSQL rows use: STATLEDGER_BENCH_POSTGRES, else the machine's own. */
export const BENCH_POSTGRES = process.env.STATLEDGER_BENCH_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const rate = (events: number, ms: number) => events / (ms / 1000);

/** An empty database of its own for one measurement, dropped afterwards. */
export async function withDatabase<T>(label: string, measure: (url: string) => Promise<T>): Promise<T> {
  const name = `statledger_bench_${label}_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: BENCH_POSTGRES });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(BENCH_POSTGRES);
    url.pathname = `/${name}`;
    return await measure(url.toString());
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

/** The appends at one batch size: ours and the raw limits, the median round of three. */
export interface PostgresAppends {
  streams: number;
  /** Our store, `streams` streams per append. */
  ours: StoreRates;
  /** Multi-row INSERTs of the same rows into a bare table, one transaction per `streams` streams. */
  raw: StoreRates;
  /** The same into a table with the indexes the port's promises need. */
  rawIndexed: StoreRates;
  /** COPY into that indexed table, one transaction per `streams` streams: the fastest way in. */
  rawCopy: StoreRates;
  /** Every round's ours / raw INSERT into the indexed table: the figures are those of the median round. */
  ratios: number[];
}

export interface PostgresStoreRun extends PostgresAppends {
  /** The same at the CSV import's batch (absent from runs before it was measured). */
  importBatch?: PostgresAppends;
  /** Ours one stream per call, on the peer's sample. */
  oursOneByOne: StoreRates;
  /** The read models folded again from our log into PostgreSQL, each time after a raw read of that log. */
  rebuild: PostgresRebuild & { ratios: number[] };
}

/** A round of the rebuild: ours, the raw read before it, and the raw COPY of the rows it left (the write limit). */
interface PostgresRebuild {
  events: number;
  ms: number;
  eventsPerSec: number;
  rawReadPerSec: number;
  rawRowWriteMs: number;
  /** The raw read and then that raw COPY: what a rebuild that folded nothing would take, as events per second. */
  ceilingPerSec: number;
}

/** One round of the appends, each in a database of its own. */
type AppendRound = Pick<PostgresAppends, 'ours' | 'raw' | 'rawIndexed' | 'rawCopy'>;

/**
 * Ours and the raw baselines at `streams` and at the import's batch, and the rebuild of the read models from our
 * log, one stream per call on the peer's sample.
 */
export async function postgresStore(
  requests: AppendRequest[],
  streams: number,
  importStreams: number,
  sample: AppendRequest[],
): Promise<PostgresStoreRun> {
  const batched = await postgresAppends(requests, streams, true);
  const imported = await postgresAppends(requests, importStreams, false);
  return {
    ...batched.appends,
    importBatch: imported.appends,
    oursOneByOne: await withDatabase('single', (url) => withStore(url, (store) => appendAndReadBack(store, sample, 1))),
    rebuild: batched.rebuild!,
  };
}

/**
 * Ours and the raw baselines, each in a database of its own, on the same rows, in three rounds (ours first, then
 * last, then first); the round whose ours / raw INSERT into the indexed table is the median is given. With
 * `withRebuild` the read models are then folded from the last round's log.
 */
async function postgresAppends(
  requests: AppendRequest[],
  streams: number,
  withRebuild: boolean,
  rounds = 3,
): Promise<{ appends: PostgresAppends; rebuild: PostgresStoreRun['rebuild'] | undefined }> {
  const measured: AppendRound[] = [];
  let rebuilt: PostgresStoreRun['rebuild'] | undefined;
  for (let round = 0; round < rounds; round++) {
    const ours = () =>
      withDatabase('ours', (url) =>
        withStore(url, async (store) => ({
          rates: await appendAndReadBack(store, requests, streams),
          // In a process of its own, as `statledger rebuild` runs: the appends' heap would slow its collector.
          rebuild:
            withRebuild && round === rounds - 1
              ? await inChild<PostgresStoreRun['rebuild']>({ kind: 'postgres-rebuild', url })
              : undefined,
        })),
      );
    const oursFirst = round % 2 === 0 ? await ours() : undefined;
    const raws = {
      raw: await withDatabase('raw', (url) => rawRates(url, requests, streams, 'bare')),
      rawIndexed: await withDatabase('indexed', (url) => rawRates(url, requests, streams, 'indexed')),
      rawCopy: await withDatabase('copy', (url) => rawRates(url, requests, streams, 'copy')),
    };
    const oursRound = oursFirst ?? (await ours());
    rebuilt ??= oursRound.rebuild;
    measured.push({ ours: oursRound.rates, ...raws });
  }
  return {
    appends: { streams, ...medianRound(measured, (r) => r.ours.appendPerSec / r.rawIndexed.appendPerSec) },
    rebuild: rebuilt,
  };
}

async function withStore<T>(url: string, use: (store: PostgresEventStore) => Promise<T>): Promise<T> {
  const store = await createPostgresEventStore({ connectionString: url });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

/**
 * Run in a process of its own (a child's task): the whole log folded into the statistics projection in the same
 * database, as `statledger rebuild` does, each time right after a raw read of the log (one SELECT of every column,
 * data and metadata parsed) and followed by a raw COPY of the rows it left (the ceiling). The first round warms up;
 * of the three after it, the round whose rebuild / raw read is the median is given.
 */
export function postgresRebuild(url: string): Promise<PostgresStoreRun['rebuild']> {
  return withStore(url, rebuild);
}

async function rebuild(store: PostgresEventStore) {
  const projections = await createPostgresProjectionStore({ pool: store.pool });
  const isDenominatorSource = (_form: string, indicator: string, source: string) =>
    indicator === 'GDP' && source === 'statistics_bureau';
  const catalogue = loadFormCatalogue();
  const rounds: PostgresRebuild[] = [];
  for (let round = 0; round < 4; round++) {
    const rawReadPerSec = await rawRead(store.pool);
    await resetProjection(projections);
    const t0 = performance.now();
    const { events } = await runProjector({
      events: store,
      projections,
      catalogue,
      isDenominatorSource,
      stopWhenCaughtUp: true,
    });
    const ms = performance.now() - t0;
    const rawRowWriteMs = await rawRowCopy(store.pool);
    const ceilingPerSec = ceilingRate(events, rawReadPerSec, rawRowWriteMs);
    if (round > 0)
      rounds.push({ events, ms, eventsPerSec: rate(events, ms), rawReadPerSec, rawRowWriteMs, ceilingPerSec });
  }
  return medianRound(rounds, (r) => r.eventsPerSec / r.rawReadPerSec);
}

/** The raw read of a log: every row in order in one SELECT, data and metadata parsed; events per second. */
async function rawRead(db: pg.Pool | pg.Client): Promise<number> {
  const t0 = performance.now();
  const { rows } = await db.query<{ data: string; metadata: string }>(
    `SELECT ${COLUMNS} FROM events ORDER BY position`,
  );
  for (const row of rows) {
    JSON.parse(row.data);
    JSON.parse(row.metadata);
  }
  return rate(rows.length, performance.now() - t0);
}

const COLUMNS = 'position, id, stream, revision, type, data, metadata, recorded_at, hash';

/**
 * The raw limits, with the rows our store would write (data and metadata as JSON text, a hash-sized text where the
 * indexed table keeps one): 'bare' INSERTs into a table with no index at all, 'indexed' into one with the primary
 * key on position and the unique indexes on id and (stream, revision), 'copy' COPYs into that indexed table. No
 * checks, no hashing, no head row. Read back in one query in log order, data and metadata parsed.
 */
async function rawRates(
  url: string,
  requests: AppendRequest[],
  streams: number,
  kind: 'bare' | 'indexed' | 'copy',
): Promise<StoreRates> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      kind === 'bare'
        ? 'CREATE TABLE events (position BIGINT, id TEXT, stream TEXT, revision BIGINT, type TEXT, data TEXT, metadata TEXT, recorded_at TEXT, hash TEXT)'
        : `CREATE TABLE events (position BIGINT PRIMARY KEY, id TEXT NOT NULL UNIQUE, stream TEXT NOT NULL, revision BIGINT NOT NULL,
             type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL, hash TEXT NOT NULL, UNIQUE (stream, revision))`,
    );
    const hash = kind === 'bare' ? null : '0'.repeat(64);
    let position = 0;
    const t0 = performance.now();
    for (let i = 0; i < requests.length; i += streams) {
      const recordedAt = new Date().toISOString();
      const rows: (string | number | null)[][] = [];
      for (const request of requests.slice(i, i + streams)) {
        const first = request.expectedRevision === 'no_stream' ? 0 : Number(request.expectedRevision) + 1;
        request.events.forEach((e, j) =>
          rows.push([
            position++,
            e.id,
            request.stream,
            first + j,
            e.type,
            JSON.stringify(e.data),
            JSON.stringify(e.metadata),
            recordedAt,
            hash,
          ]),
        );
      }
      await client.query('BEGIN');
      if (kind === 'copy') {
        const lines = rows.map((row) => `${row.map(copyField).join('\t')}\n`).join('');
        await pipeline(Readable.from([lines]), client.query(copyStreams.from(`COPY events (${COLUMNS}) FROM STDIN`)));
      } else {
        const columns = rows[0]!.map((_, c) => rows.map((row) => row[c]));
        await client.query(
          `INSERT INTO events (${COLUMNS}) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])`,
          columns,
        );
      }
      await client.query('COMMIT');
    }
    const t1 = performance.now();
    const events = countEvents(requests);
    return { events, appendPerSec: rate(events, t1 - t0), readPerSec: await rawRead(client) };
  } finally {
    await client.end();
  }
}
