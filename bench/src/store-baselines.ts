import Database from 'better-sqlite3';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { getSQLiteEventStore, readMessagesBatch, sqliteConnection } from '@event-driven-io/emmett-sqlite';
import {
  EVENT_COLUMNS,
  readAllPages,
  type AppendRequest,
  type EventRow,
  type EventStore,
} from '@statledger/event-store';
import { applyStorePragmas, createSqliteEventStore } from '@statledger/event-store-sqlite';
import { medianRound } from './rounds.ts';

/** Events per second of an append and of reading everything back. */
export interface StoreRates {
  events: number;
  appendPerSec: number;
  readPerSec: number;
}

const rate = (events: number, ms: number) => events / (ms / 1000);
export const countEvents = (requests: AppendRequest[]) => requests.reduce((n, r) => n + r.events.length, 0);

/** The rows of a finished run, in log order, as the appends that would write them again (one per event). */
export function appendsOfLog(storeFile: string): AppendRequest[] {
  const db = new Database(storeFile, { readonly: true });
  try {
    const rows = db
      .prepare<[], { id: string; stream: string; revision: number; type: string; data: string; metadata: string }>(
        'SELECT id, stream, revision, type, data, metadata FROM events ORDER BY position',
      )
      .all();
    return rows.map((r) => ({
      stream: r.stream,
      expectedRevision: r.revision === 0 ? 'no_stream' : BigInt(r.revision - 1),
      events: [{ id: r.id, type: r.type, data: JSON.parse(r.data), metadata: JSON.parse(r.metadata) }],
    }));
  } finally {
    db.close();
  }
}

/** Our append and the raw inserts of the same rows, `streams` streams per transaction. */
export interface BatchedAppend {
  streams: number;
  ours: StoreRates;
  raw: StoreRates;
  /** Raw inserts into a table with the indexes the port's promises need. */
  rawIndexed: StoreRates;
  /** Every round's ours / raw with the indexes: the figures above are those of the median round. */
  ratios: number[];
}

/**
 * Ours and both raw tables at one batch size, in three rounds, each on fresh files; the round whose ours / raw with
 * the indexes is the median is given. `rawFirst` puts the bare table first in the first round, and rounds alternate,
 * so that each side gets the warmer cache as often.
 */
export async function batchedAppend(
  requests: AppendRequest[],
  dir: string,
  streams: number,
  rawFirst: boolean,
  rounds = 3,
): Promise<BatchedAppend> {
  const measured: Omit<BatchedAppend, 'ratios'>[] = [];
  for (let round = 0; round < rounds; round++) {
    const roundDir = join(dir, `append-${streams}-${round}`);
    mkdirSync(roundDir, { recursive: true });
    try {
      const bareFirst = rawFirst === (round % 2 === 0);
      const rawBefore = bareFirst ? raw(requests, roundDir, streams) : undefined;
      const oursRates = await ours(requests, roundDir, streams);
      measured.push({
        streams,
        ours: oursRates,
        raw: rawBefore ?? raw(requests, roundDir, streams),
        rawIndexed: raw(requests, roundDir, streams, true),
      });
    } finally {
      rmSync(roundDir, { recursive: true, force: true });
    }
  }
  return medianRound(measured, (r) => r.ours.appendPerSec / r.rawIndexed.appendPerSec);
}

/** Our SQLite store: `batch` streams per atomic append (1 is the API's one report per request). */
export async function ours(requests: AppendRequest[], dir: string, batch: number): Promise<StoreRates> {
  const store = createSqliteEventStore({ path: join(dir, `ours-${batch}.db`) });
  try {
    return await appendAndReadBack(store, requests, batch);
  } finally {
    await store.close();
  }
}

/** Any store of ours: the requests appended `batch` streams at a time, then the whole log read back in pages. */
export async function appendAndReadBack(
  store: EventStore,
  requests: AppendRequest[],
  batch: number,
): Promise<StoreRates> {
  const t0 = performance.now();
  for (let i = 0; i < requests.length; i += batch) await store.appendToStreams(requests.slice(i, i + batch));
  const t1 = performance.now();
  let read = 0;
  for await (const page of readAllPages(store)) read += page.length;
  const t2 = performance.now();
  const events = countEvents(requests);
  if (read !== events) throw new Error(`our store read back ${read} events of ${events}`);
  return { events, appendPerSec: rate(events, t1 - t0), readPerSec: rate(events, t2 - t1) };
}

/**
 * The raw limit: the same rows by plain prepared INSERTs into a bare table (no indexes but the rowid, no
 * checks, no hashing), `batch` streams per transaction, with the same WAL settings; read back by a plain
 * SELECT in order with JSON.parse of data and metadata. `indexed` adds what the port's guarantees need
 * (ids unique across the log, one event per stream revision, a hash per event) and nothing else: the
 * limit of any store that keeps those promises in SQLite.
 */
export function raw(requests: AppendRequest[], dir: string, batch: number, indexed = false): StoreRates {
  const db = new Database(join(dir, `${indexed ? 'raw-indexed' : 'raw'}-${batch}.db`));
  try {
    // Our store's connection settings (WAL, page cache, checkpoint interval), so the limit runs on equal terms.
    applyStorePragmas(db, 'normal');
    db.exec(
      indexed
        ? 'CREATE TABLE events (position INTEGER PRIMARY KEY, id TEXT UNIQUE, stream TEXT, revision INTEGER, type TEXT, data TEXT, metadata TEXT, recorded_at TEXT, hash TEXT, UNIQUE (stream, revision))'
        : 'CREATE TABLE events (position INTEGER PRIMARY KEY, id TEXT, stream TEXT, revision INTEGER, type TEXT, data TEXT, metadata TEXT, recorded_at TEXT, hash TEXT)',
    );
    const insert = db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    // A fixed text of a hash's length where the indexed table keeps one: the cost of storing it, not of computing it.
    const hash = indexed ? '0'.repeat(64) : null;
    let position = 0;
    const insertBatch = db.transaction((slice: AppendRequest[]) => {
      const recordedAt = new Date().toISOString();
      for (const request of slice) {
        const first = request.expectedRevision === 'no_stream' ? 0 : Number(request.expectedRevision) + 1;
        request.events.forEach((e, i) =>
          insert.run(
            position++,
            e.id,
            request.stream,
            first + i,
            e.type,
            JSON.stringify(e.data),
            JSON.stringify(e.metadata),
            recordedAt,
            hash,
          ),
        );
      }
    });
    const t0 = performance.now();
    for (let i = 0; i < requests.length; i += batch) insertBatch(requests.slice(i, i + batch));
    const t1 = performance.now();
    const read = rawReplay(db);
    const t2 = performance.now();
    return { events: read, appendPerSec: rate(read, t1 - t0), readPerSec: rate(read, t2 - t1) };
  } finally {
    db.close();
  }
}

/**
 * The replay limit: every column of every row in log order, data and metadata parsed, nothing else. Rows come
 * as arrays, the cheapest form better-sqlite3 reads (as our store reads them). Returns the row count.
 */
export function rawReplay(db: Database.Database): number {
  let rows = 0;
  for (const [, , , , , data, metadata] of db
    .prepare<[], EventRow>(`SELECT ${EVENT_COLUMNS} FROM events ORDER BY position`)
    .raw(true)
    .iterate()) {
    JSON.parse(data);
    JSON.parse(metadata);
    rows++;
  }
  return rows;
}

/** A peer's figures, or why it has none: a failing peer is a row of the table, never the end of the bench. */
export type PeerRates = (StoreRates & { failures?: string[] }) | { failed: string; failures?: string[] };

export const peerFailed = (peer: PeerRates): peer is { failed: string; failures?: string[] } => 'failed' in peer;

/**
 * Emmett's store now and then fails an append with "SQLITE_BUSY: cannot commit transaction - SQL statements
 * in progress" (it opens and closes a connection per call). The measurement is then taken again on a fresh
 * file, up to three attempts; the failures are returned so the results say so, and after three the peer failed.
 */
export async function emmettWithRetries(requests: AppendRequest[], dir: string): Promise<PeerRates> {
  const failures: string[] = [];
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      return { ...(await emmett(requests, dir, attempt)), failures };
    } catch (error) {
      failures.push((error as Error).message);
    }
  }
  return { failed: `three attempts failed: ${[...new Set(failures)].join('; ')}`, failures };
}

/**
 * Emmett's SQLite event store (0.38.5, its defaults): it appends one stream per call, so it gets the
 * workload one report at a time; read back through its global batch reader.
 */
export async function emmett(requests: AppendRequest[], dir: string, attempt = 1): Promise<StoreRates> {
  const fileName = join(dir, `emmett-${attempt}.db`);
  const store = getSQLiteEventStore({ fileName, schema: { autoMigration: 'CreateOrUpdate' } });
  const t0 = performance.now();
  for (const request of requests) {
    const expectedStreamVersion =
      request.expectedRevision === 'no_stream' ? 0n : (request.expectedRevision as bigint) + 1n;
    await store.appendToStream(
      request.stream,
      request.events.map((e) => ({ type: e.type, data: e.data, metadata: e.metadata })),
      { expectedStreamVersion },
    );
  }
  const t1 = performance.now();
  const connection = sqliteConnection({ fileName });
  let read = 0;
  try {
    let after = 0n;
    for (;;) {
      const batch = await readMessagesBatch(connection, { after, batchSize: 5_000 });
      read += batch.messages.length;
      if (!batch.areEventsLeft || batch.messages.length === 0) break;
      after = batch.currentGlobalPosition;
    }
  } finally {
    connection.close();
  }
  const t2 = performance.now();
  const events = countEvents(requests);
  if (read !== events) throw new Error(`Emmett read back ${read} events of ${events}`);
  return { events, appendPerSec: rate(events, t1 - t0), readPerSec: rate(events, t2 - t1) };
}
