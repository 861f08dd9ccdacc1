import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  DuplicateEventIdError,
  EVENT_COLUMNS,
  GENESIS_HASH,
  assertAppendable,
  assertExpectedRevision,
  catchUpSubscription,
  chainLink,
  createAppendNotifier,
  dataFieldsByType,
  eventColumnsWithData,
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
import { migrate } from './schema.ts';
import { createSqliteCheckpointStore, type SqliteCheckpointStore } from './sqlite-checkpoint-store.ts';

export interface SqliteEventStoreOptions {
  /** File path, or ':memory:'. */
  path: string;
  /** Clock for `recordedAt`. */
  now?: () => Date;
  /**
   * 'normal' (default) survives a killed process with nothing lost; after an OS crash or power cut the last
   * commits may roll back, the file stays consistent. 'full' syncs every commit to disk.
   */
  durability?: 'normal' | 'full';
  /** How often a subscriber looks for appends made by other processes. */
  pollIntervalMs?: number;
}

export type SqliteEventStore = EventStore & { checkpoints: SqliteCheckpointStore; db: Database.Database };

/** The embedded default: one SQLite file in WAL mode; every append is one IMMEDIATE transaction. */
export function createSqliteEventStore(options: SqliteEventStoreOptions): SqliteEventStore {
  if (options.path !== ':memory:') ownerOnlyFile(options.path);
  const db = new Database(options.path);
  applyStorePragmas(db, options.durability ?? 'normal');
  migrate(db);
  const now = options.now ?? (() => new Date());
  const notifier = createAppendNotifier();

  const statements = {
    head: db.prepare<[], { position: number; hash: string }>(
      'SELECT position, hash FROM events ORDER BY position DESC LIMIT 1',
    ),
    streamRevision: db.prepare<[string], { revision: number }>(
      'SELECT revision FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1',
    ),
    identity: db.prepare<[string], { id: string; stream: string; revision: number; position: number }>(
      'SELECT id, stream, revision, position FROM events WHERE id = ?',
    ),
    insert: db.prepare(
      'INSERT INTO events (position, id, stream, revision, type, data, metadata, recorded_at, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    // Whole-stream reads have their own statement: a bound `LIMIT -1` costs SQLite more than the lookup itself.
    stream: db
      .prepare<[string, number], EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision`,
      )
      .raw(true),
    streamForwards: db
      .prepare<[string, number, number], EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`,
      )
      .raw(true),
    streamBackwards: db
      .prepare<[string, number, number], EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
      )
      .raw(true),
  };
  const filteredReads = new Map<string, Database.Statement<unknown[], EventRow>>();

  /** The earlier result when every id of the request is in the log in this stream, in order; null when none is. */
  function findRetry(request: AppendRequest): AppendResult | null {
    const found: StoredIdentity[] = [];
    for (const event of request.events) {
      const row = statements.identity.get(event.id);
      if (row)
        found.push({
          id: row.id,
          stream: row.stream,
          revision: BigInt(row.revision),
          position: sequencePosition(row.position),
        });
    }
    return resolveRetry(request, found);
  }

  /** An append that cannot go ahead as asked: the earlier result when it is a retry, else the conflict thrown. Null when it can. */
  function retryOrConflict(request: AppendRequest, current: number | undefined): AppendResult | null {
    try {
      assertExpectedRevision(request.stream, request.expectedRevision, current === undefined ? null : BigInt(current));
      return null;
    } catch (error) {
      const retry = findRetry(request);
      if (retry) return retry;
      throw error;
    }
  }

  const appendTransaction = db.transaction((requests: AppendRequest[]): AppendResult[] => {
    const recordedAt = now().toISOString();
    const head = statements.head.get();
    let position = head ? head.position + 1 : 0;
    let previousHash = head?.hash ?? GENESIS_HASH;
    return requests.map((request) => {
      // Ids are looked up only when the append cannot go ahead as asked: a retry shows up either as a
      // revision that moved on (it was appended) or as an id the UNIQUE index refuses (with `any`). A new
      // stream ('no_stream') needs no revision lookup first: revisions start at 0, so the (stream, revision)
      // index refuses its first row if the stream exists.
      const isNew = request.expectedRevision === 'no_stream';
      const current = isNew ? undefined : statements.streamRevision.get(request.stream)?.revision;
      const refused = isNew ? null : retryOrConflict(request, current);
      if (refused) return refused;
      let revision = current === undefined ? 0 : current + 1;
      for (const [index, event] of request.events.entries()) {
        const row = chainLink(previousHash, event, {
          stream: request.stream,
          revision: BigInt(revision),
          sequence: position,
          recordedAt,
        });
        try {
          statements.insert.run(...row);
        } catch (error) {
          if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
          // Nothing of this request is written yet when its first row is refused: that may be a stream that
          // exists (a conflict, or a retry) or an id in the log (a whole retry, or a reuse).
          const settled =
            index === 0
              ? (retryOrConflict(request, statements.streamRevision.get(request.stream)?.revision) ??
                findRetry(request))
              : null;
          if (settled) return settled;
          throw new DuplicateEventIdError(
            event.id,
            request.stream,
            'this id is already in the log; retry the original batch unchanged',
          );
        }
        previousHash = row[8];
        position++;
        revision++;
      }
      return {
        stream: request.stream,
        nextExpectedRevision: BigInt(revision - 1),
        position: sequencePosition(position - 1),
        appended: true,
      };
    });
  });

  function append(requests: AppendRequest[]): AppendResult[] {
    requests.forEach(assertAppendable);
    eventIds(requests);
    // IMMEDIATE takes the write lock up front, so a concurrent writer in another process waits rather than fails late.
    const results = appendTransaction.immediate(requests);
    if (results.some((r) => r.appended)) notifier.notify();
    return results;
  }

  /** The statement of a read with a filter and picked data fields, and its parameters but the position and count. */
  function filteredRead(filter: EventFilter | undefined, picked: ReadonlyMap<string, readonly string[]>) {
    const prefixes = filter?.streamPrefixes ?? [];
    const types = filter?.eventTypes ?? [];
    const pickedFields = [...picked.values()].map((fields) => fields.length);
    const key = `${prefixes.length}:${types.length}:${pickedFields.join(',')}`;
    let statement = filteredReads.get(key);
    if (!statement) {
      const conditions = ['position > ?'];
      if (prefixes.length) conditions.push(`(${prefixes.map(() => 'substr(stream, 1, ?) = ?').join(' OR ')})`);
      if (types.length) conditions.push(`type IN (${types.map(() => '?').join(', ')})`);
      // A picked type's data is the array of its fields' values, taken from the text by SQLite's JSON functions.
      const picks = pickedFields.map((n) => `WHEN ? THEN json_array(${Array(n).fill('data -> ?').join(', ')})`);
      const columns = picks.length ? eventColumnsWithData(`CASE type ${picks.join(' ')} ELSE data END`) : EVENT_COLUMNS;
      statement = db
        .prepare<unknown[], EventRow>(
          `SELECT ${columns} FROM events WHERE ${conditions.join(' AND ')} ORDER BY position LIMIT ?`,
        )
        .raw(true);
      filteredReads.set(key, statement);
    }
    const pickParams = [...picked].flatMap(([type, fields]) => [type, ...fields]);
    return { statement, pickParams, params: [...prefixes.flatMap((p) => [p.length, p]), ...types] };
  }

  const store: EventStore = {
    async appendToStream(stream, events, { expectedRevision }) {
      return append([{ stream, events, expectedRevision }])[0]!;
    },
    async appendToStreams(requests) {
      return append(requests);
    },
    async readStream(stream, { fromRevision, direction = 'forwards', maxCount = -1 } = {}) {
      const rows =
        direction === 'forwards'
          ? maxCount < 0
            ? statements.stream.all(stream, Number(fromRevision ?? 0n))
            : statements.streamForwards.all(stream, Number(fromRevision ?? 0n), maxCount)
          : statements.streamBackwards.all(
              stream,
              fromRevision === undefined ? Number.MAX_SAFE_INTEGER : Number(fromRevision),
              maxCount,
            );
      return rows.map(toRecorded);
    },
    async readAll({ from, maxCount = -1, filter, dataFields } = {}) {
      const picked = dataFieldsByType(dataFields);
      const { statement, pickParams, params } = filteredRead(filter, picked);
      const rows = statement.all(...pickParams, from === undefined ? -1 : sequenceOf(from), ...params, maxCount);
      return rows.map(picked.size ? toRecordedPicking(picked, 'database') : toRecorded);
    },
    subscribeToAll(subscribeOptions = {}) {
      return catchUpSubscription(store, notifier, {
        ...subscribeOptions,
        pollIntervalMs: options.pollIntervalMs ?? 100,
      });
    },
    async headPosition() {
      const head = statements.head.get();
      return head ? sequencePosition(head.position) : undefined;
    },
    async close() {
      if (db.open) db.close();
    },
  };

  return { ...store, checkpoints: createSqliteCheckpointStore(db), db };
}

/** The connection settings of the store, also given to the raw-insert baseline so both run on equal terms. */
export function applyStorePragmas(db: Database.Database, durability: 'normal' | 'full'): void {
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('busy_timeout = 15000');
  db.pragma('cache_size = -262144');
  // A checkpoint copies every page changed since the last one into the file once, however often it changed:
  // the random-id and stream indexes change the same pages again and again, so a larger WAL (256 MiB) copies
  // fewer of them (measured: README, Benchmarks, tuning notes).
  db.pragma('wal_autocheckpoint = 65536');
}

/**
 * The log is readable by its owner only (0600), like the principals file: the file is made with that mode
 * before SQLite opens it, and SQLite gives its WAL and shared-memory files the database file's mode. A file
 * made by an earlier version is narrowed to it.
 */
export function ownerOnlyFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) chmodSync(file, 0o600);
}
