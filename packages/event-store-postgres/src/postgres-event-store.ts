import type pg from 'pg';
import {
  EVENT_COLUMNS,
  assertAppendable,
  assertExpectedRevision,
  catchUpSubscription,
  chainLink,
  createAppendNotifier,
  dataFieldsByType,
  eventIds,
  resolveRetry,
  sequenceOf,
  sequencePosition,
  toRecorded,
  toRecordedPicking,
  type AppendRequest,
  type AppendResult,
  type EventFilter,
  type EventRow,
  type EventStore,
  type StoredIdentity,
} from '@statledger/event-store';
import { inTransaction, openPool, query, type PostgresOptions } from './connection.ts';
import { migrateEvents } from './schema.ts';
import { APPEND_CHANNEL, listenForAppends } from './listener.ts';
import { createPostgresCheckpointStore, type PostgresCheckpointStore } from './checkpoint-store.ts';

export interface PostgresEventStoreOptions extends PostgresOptions {
  /** Clock for `recordedAt`. */
  now?: () => Date;
  /** How often a subscriber reads the log when no notification came (a lost LISTEN connection, say). */
  pollIntervalMs?: number;
}

export type PostgresEventStore = EventStore & { checkpoints: PostgresCheckpointStore; pool: pg.Pool };

const UNNEST_ROWS = `SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[],
  $7::text[], $8::text[], $9::text[])`;

/** A column per field as arrays (one INSERT … SELECT FROM unnest writes a whole append), then the head moves. */
const WRITE_EVENTS = `WITH appended AS (INSERT INTO events (${EVENT_COLUMNS}) ${UNNEST_ROWS}),
  head AS (UPDATE chain_head SET position = $10, hash = $11)
  SELECT pg_notify('${APPEND_CHANNEL}', '')`;

/**
 * The same write for an append taken as asked: nothing is written when one of the revisions the requests name
 * as expected ($12, $13) is not in the log. A stream that moved on, or an id already in the log, is refused
 * by the unique indexes; either way the careful path (below) then decides.
 */
const WRITE_EVENTS_AS_ASKED = `WITH missing AS (
    SELECT count(*) AS n FROM unnest($12::text[], $13::bigint[]) AS m(stream, revision)
    WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.stream = m.stream AND e.revision = m.revision)
  ), appended AS (INSERT INTO events (${EVENT_COLUMNS}) ${UNNEST_ROWS} WHERE (SELECT n FROM missing) = 0),
  head AS (UPDATE chain_head SET position = $10, hash = $11 WHERE (SELECT n FROM missing) = 0)
  SELECT n, CASE WHEN n = 0 THEN pg_notify('${APPEND_CHANNEL}', '') END FROM missing`;

/** An append taken as asked that the log does not bear out: rolled back, and decided on the careful path. */
class NotAsAsked extends Error {}

const HEAD_FOR_UPDATE = 'SELECT position, hash FROM chain_head FOR UPDATE';
const UNIQUE_VIOLATION = '23505';

const array = (text: string) => ({ text, rowMode: 'array' as const });

/**
 * The production log on PostgreSQL. Every append is one transaction that first locks the chain's head row, so
 * appends from every node take gap-free positions in turn and commit in that order; it notifies on commit.
 */
export async function createPostgresEventStore(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
  const pool = await openPool(options);
  const client = await pool.connect();
  try {
    await migrateEvents(client);
  } finally {
    client.release();
  }
  const now = options.now ?? (() => new Date());
  const notifier = createAppendNotifier();
  let listener: ReturnType<typeof listenForAppends> | undefined;

  /** What the log already holds of a request's ids, and each stream's last revision, read under the head's lock. */
  async function lookUp(tx: pg.PoolClient, requests: AppendRequest[], ids: string[]) {
    // One statement: the ids found, then a backward step on the (stream, revision) index per stream.
    const rows = await tx.query<[id: string | null, stream: string, revision: string | null, position: string | null]>({
      name: 'statledger-look-up',
      ...array(`SELECT id, stream, revision, position FROM events WHERE id = ANY($1::text[])
        UNION ALL
        SELECT NULL, s, (SELECT revision FROM events WHERE stream = s ORDER BY revision DESC LIMIT 1), NULL FROM unnest($2::text[]) AS s`),
      values: [ids, [...new Set(requests.map((r) => r.stream))]],
    });
    const found = new Map<string, StoredIdentity>();
    const current = new Map<string, bigint | null>();
    for (const [id, stream, revision, position] of rows.rows) {
      if (id === null) current.set(stream, revision === null ? null : BigInt(revision));
      else found.set(id, { id, stream, revision: BigInt(revision!), position: sequencePosition(position!) });
    }
    return { found, current };
  }

  /**
   * The rows of the requests from the head on, each stream continuing after `current`'s revision (kept up to
   * date, so two requests of one stream follow each other), with the results the port returns. `settled` answers
   * a request that needs no rows (a retry).
   */
  function chainRows(
    requests: AppendRequest[],
    head: [string, string],
    current: Map<string, bigint | null>,
    settled: (request: AppendRequest) => AppendResult | null = () => null,
  ) {
    const recordedAt = now().toISOString();
    let position = BigInt(head[0]) + 1n;
    let previousHash = head[1];
    const columns: unknown[][] = Array.from({ length: 9 }, () => []);
    const results = requests.map((request): AppendResult => {
      const retry = settled(request);
      if (retry) return retry;
      const last = current.get(request.stream) ?? null;
      assertExpectedRevision(request.stream, request.expectedRevision, last);
      let revision = last === null ? 0n : last + 1n;
      for (const event of request.events) {
        const row = chainLink(previousHash, event, {
          stream: request.stream,
          revision,
          sequence: position,
          recordedAt,
        });
        row.forEach((value, column) => columns[column]!.push(typeof value === 'bigint' ? value.toString() : value));
        previousHash = row[8];
        position++;
        revision++;
      }
      current.set(request.stream, revision - 1n);
      return {
        stream: request.stream,
        nextExpectedRevision: revision - 1n,
        position: sequencePosition(position - 1n),
        appended: true,
      };
    });
    const newHead = [(position - 1n).toString(), previousHash];
    return { columns, results, newHead, written: columns[0]!.length > 0 };
  }

  /**
   * What each stream's last revision must be for the append to go ahead as asked, and the revisions that must
   * therefore be in the log; null when a request leaves it open ('any', 'stream_exists') or contradicts another.
   */
  function asAsked(requests: AppendRequest[]) {
    /** Each stream's revision before the append, as the requests expect it. */
    const current = new Map<string, bigint | null>();
    /** And after the requests so far: a later request of the same stream must expect this. */
    const after = new Map<string, bigint>();
    const streams: string[] = [];
    const revisions: string[] = [];
    for (const { stream, expectedRevision, events } of requests) {
      const expected = expectedRevision === 'no_stream' ? null : expectedRevision;
      if (typeof expected === 'string') return null;
      if (after.has(stream)) {
        if (after.get(stream) !== expected) return null;
      } else {
        current.set(stream, expected);
        if (expected !== null) {
          streams.push(stream);
          revisions.push(expected.toString());
        }
      }
      after.set(stream, (expected ?? -1n) + BigInt(events.length));
    }
    return { current, streams, revisions };
  }

  /**
   * The common case in one statement: every request is what its stream expects and every id is new. No lookup
   * of ids or revisions first: the unique indexes and the check of expected revisions stand guard.
   */
  async function appendAsAsked(requests: AppendRequest[]): Promise<AppendResult[] | null> {
    const asked = asAsked(requests);
    if (!asked) return null;
    try {
      return await inTransaction(
        pool,
        async (tx, locked) => {
          const { columns, results, newHead } = chainRows(requests, locked[0] as [string, string], asked.current);
          const written = await tx.query<[missing: string]>({
            name: 'statledger-append-as-asked',
            ...array(WRITE_EVENTS_AS_ASKED),
            values: [...columns, ...newHead, asked.streams, asked.revisions],
          });
          if (written.rows[0]![0] !== '0') throw new NotAsAsked();
          return results;
        },
        { first: HEAD_FOR_UPDATE },
      );
    } catch (error) {
      if (error instanceof NotAsAsked || (error as { code?: string }).code === UNIQUE_VIOLATION) return null;
      throw error;
    }
  }

  /** Any append: what the log holds of its ids and streams is read under the head's lock, then decided on. */
  async function appendCarefully(requests: AppendRequest[], ids: string[]): Promise<AppendResult[]> {
    return inTransaction(
      pool,
      async (tx, locked) => {
        const { found, current } = await lookUp(tx, requests, ids);
        // Nobody else appends while the head is locked: what the log holds now is what the append meets.
        const { columns, results, newHead, written } = chainRows(
          requests,
          locked[0] as [string, string],
          current,
          (r) =>
            resolveRetry(
              r,
              r.events.flatMap((e) => found.get(e.id) ?? []),
            ),
        );
        // The rows, the new head and the notice in one statement; the notice is delivered if and when it commits.
        if (written)
          await tx.query({ name: 'statledger-append', text: WRITE_EVENTS, values: [...columns, ...newHead] });
        return results;
      },
      { first: HEAD_FOR_UPDATE },
    );
  }

  /** One caller's append: its requests go in together or not at all. */
  interface Waiting {
    requests: AppendRequest[];
    ids: string[];
    settle: (outcome: Promise<AppendResult[]>) => void;
  }
  let waiting: Waiting[] = [];
  let writing = false;

  /**
   * Group commit. The chain's head is locked until the commit is on disk, so appends from one node would queue
   * for it one flush each: those that arrive while one is written go in together in the next transaction, as
   * asked. If the group cannot go in as asked (a conflict, a retry), each is decided on its own, as if alone.
   */
  async function writeWaiting(): Promise<void> {
    writing = true;
    while (waiting.length > 0) {
      const group = waiting;
      waiting = [];
      const all = group.flatMap((w) => w.requests);
      const ids = group.flatMap((w) => w.ids);
      const together =
        group.length > 1 && new Set(ids).size === ids.length ? await appendAsAsked(all).catch(() => null) : null;
      if (together) {
        let from = 0;
        for (const w of group) w.settle(Promise.resolve(together.slice(from, (from += w.requests.length))));
        continue;
      }
      for (const w of group) {
        const alone = (async () => (await appendAsAsked(w.requests)) ?? (await appendCarefully(w.requests, w.ids)))();
        w.settle(alone);
        await alone.catch(() => undefined);
      }
    }
    writing = false;
  }

  async function append(requests: AppendRequest[]): Promise<AppendResult[]> {
    requests.forEach(assertAppendable);
    const ids = eventIds(requests);
    const results = await new Promise<AppendResult[]>((resolve, reject) => {
      waiting.push({ requests, ids, settle: (outcome) => outcome.then(resolve, reject) });
      if (!writing) void writeWaiting();
    });
    if (results.some((r) => r.appended)) notifier.notify();
    return results;
  }

  function filteredRead(from: string | undefined, maxCount: number, filter: EventFilter | undefined) {
    const prefixes = filter?.streamPrefixes ?? [];
    const types = filter?.eventTypes ?? [];
    const params: unknown[] = [from === undefined ? -1 : sequenceOf(from)];
    const conditions = ['position > $1'];
    if (prefixes.length) {
      params.push(prefixes);
      // substr rather than LIKE: a prefix is taken as it is, whatever characters it holds.
      conditions.push(
        `EXISTS (SELECT 1 FROM unnest($${params.length}::text[]) AS p WHERE substr(stream, 1, length(p)) = p)`,
      );
    }
    if (types.length) {
      params.push(types);
      conditions.push(`type = ANY($${params.length}::text[])`);
    }
    params.push(maxCount < 0 ? null : maxCount);
    const text = `SELECT ${EVENT_COLUMNS} FROM events WHERE ${conditions.join(' AND ')} ORDER BY position LIMIT $${params.length}`;
    return { text, params };
  }

  const read = async (text: string, values: unknown[], recorded = toRecorded) =>
    (await query<EventRow>(pool, { ...array(text), values })).rows.map(recorded);

  const store: EventStore = {
    async appendToStream(stream, events, { expectedRevision }) {
      return (await append([{ stream, events, expectedRevision }]))[0]!;
    },
    appendToStreams: append,
    async readStream(stream, { fromRevision, direction = 'forwards', maxCount = -1 } = {}) {
      const limit = maxCount < 0 ? null : maxCount;
      if (direction === 'forwards') {
        return read(
          `SELECT ${EVENT_COLUMNS} FROM events WHERE stream = $1 AND revision >= $2 ORDER BY revision LIMIT $3`,
          [stream, String(fromRevision ?? 0n), limit],
        );
      }
      const upTo = fromRevision === undefined ? null : String(fromRevision);
      return read(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream = $1 AND ($2::bigint IS NULL OR revision <= $2) ORDER BY revision DESC LIMIT $3`,
        [stream, upTo, limit],
      );
    },
    async readAll({ from, maxCount = -1, filter, dataFields } = {}) {
      const picked = dataFieldsByType(dataFields);
      const { text, params } = filteredRead(from, maxCount, filter);
      // Payloads come whole: the server's JSON functions take longer to pick two fields than Node to parse them all.
      return read(text, params, picked.size ? toRecordedPicking(picked, 'reader') : toRecorded);
    },
    subscribeToAll(subscribeOptions = {}) {
      listener ??= listenForAppends(options.connectionString, notifier);
      return catchUpSubscription(store, notifier, {
        ...subscribeOptions,
        pollIntervalMs: options.pollIntervalMs ?? 1_000,
      });
    },
    async headPosition() {
      const head = (await query<{ position: string }>(pool, { text: 'SELECT position FROM chain_head' })).rows[0];
      return head && head.position !== '-1' ? sequencePosition(head.position) : undefined;
    },
    async close() {
      if (pool.ended) return;
      await listener?.close();
      await pool.end();
    },
  };
  return { ...store, checkpoints: createPostgresCheckpointStore(pool), pool };
}
