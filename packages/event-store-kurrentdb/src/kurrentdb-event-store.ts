import {
  KurrentDBClient,
  NO_STREAM,
  START,
  END,
  FORWARDS,
  BACKWARDS,
  StreamNotFoundError,
  UnavailableError,
  DeadlineExceededError,
  WrongExpectedVersionError,
  jsonEvent,
  streamNameFilter,
  type AppendStreamRequest,
  type Position,
} from '@kurrent/kurrentdb-client';
import {
  GENESIS_HASH,
  assertAppendable,
  assertExpectedRevision,
  catchUpSubscription,
  chainHash,
  createAppendNotifier,
  dataFieldsByType,
  eventIds,
  matchesFilter,
  picking,
  resolveRetry,
  sequenceOf,
  sequencePosition,
  type AppendRequest,
  type AppendResult,
  type EventStore,
  type JsonObject,
  type RecordedEvent,
  type StoredIdentity,
} from '@statledger/event-store';
import { createKurrentCheckpointStore, type KurrentCheckpointStore } from './kurrentdb-checkpoint-store.ts';

export interface KurrentEventStoreOptions {
  /** e.g. `kurrentdb://localhost:2113?tls=false` (or `esdb://…`). */
  connectionString: string;
  /** Every stream of this store is `{namespace}.{stream}`, so one cluster can hold several stores (and tests fresh ones). */
  namespace?: string;
  now?: () => Date;
  pollIntervalMs?: number;
}

/** What the adapter keeps beside the caller's metadata: the port's position, instant and chain hash. */
interface Envelope {
  m: JsonObject;
  p: string;
  t: string;
  h: string;
}

/** The head of the log: one event per append in `{namespace}-chain`, the serialisation point of all writers. */
interface ChainHead {
  lastSequence: number;
  lastHash: string;
}

const CHAIN_CONFLICT_RETRIES = 50;

/**
 * The event-store port on KurrentDB. KurrentDB orders `$all` by commit; the port also promises a hash chain
 * over one global sequence, so every append goes through `multiStreamAppend` together with an event on the
 * chain stream at its expected revision: concurrent writers serialise on it (the loser re-reads and retries),
 * and each batch's sequence numbers and hashes are computed from the head it read. Event ids are reserved in
 * `{namespace}-id-{uuid}` streams in the same atomic append, so an id is unique across the log.
 */
export function createKurrentEventStore(
  options: KurrentEventStoreOptions,
): EventStore & { checkpoints: KurrentCheckpointStore } {
  const client = KurrentDBClient.connectionString(options.connectionString);
  const ns = options.namespace ?? 'statledger';
  const now = options.now ?? (() => new Date());
  const notifier = createAppendNotifier();
  const chainStream = `${ns}-chain`;
  const streamOf = (stream: string) => `${ns}.${stream}`;
  const idStream = (id: string) => `${ns}-id-${id}`;

  async function readRaw(
    stream: string,
    opts: { fromRevision?: bigint; direction?: 'forwards' | 'backwards'; maxCount?: number } = {},
  ) {
    const out = [];
    try {
      for await (const resolved of client.readStream(stream, {
        fromRevision: opts.fromRevision ?? (opts.direction === 'backwards' ? END : START),
        direction: opts.direction === 'backwards' ? BACKWARDS : FORWARDS,
        ...(opts.maxCount !== undefined && opts.maxCount >= 0 ? { maxCount: opts.maxCount } : {}),
      })) {
        if (resolved.event) out.push(resolved.event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return out;
  }

  function toRecorded(e: {
    streamId: string;
    id: string;
    revision: bigint;
    type: string;
    data: unknown;
    metadata: unknown;
  }): RecordedEvent {
    const envelope = e.metadata as Envelope;
    return {
      id: e.id,
      stream: e.streamId.slice(ns.length + 1),
      revision: e.revision,
      position: envelope.p,
      recordedAt: envelope.t,
      type: e.type,
      data: e.data as JsonObject,
      metadata: envelope.m,
      hash: envelope.h,
    };
  }

  async function chainHead(): Promise<{ head: ChainHead; revision: bigint | null; position: Position | undefined }> {
    const [last] = await readRaw(chainStream, { direction: 'backwards', maxCount: 1 });
    if (!last) return { head: { lastSequence: -1, lastHash: GENESIS_HASH }, revision: null, position: undefined };
    return { head: last.data as unknown as ChainHead, revision: last.revision, position: last.position };
  }

  async function lastRevision(stream: string): Promise<bigint | null> {
    const [last] = await readRaw(streamOf(stream), { direction: 'backwards', maxCount: 1 });
    return last ? last.revision : null;
  }

  async function identities(ids: string[]): Promise<StoredIdentity[]> {
    const found: StoredIdentity[] = [];
    for (const id of ids) {
      const [reserved] = await readRaw(idStream(id), { maxCount: 1 });
      if (!reserved) continue;
      const data = reserved.data as { stream: string; revision: string; position: string };
      found.push({ id, stream: data.stream, revision: BigInt(data.revision), position: data.position });
    }
    return found;
  }

  async function append(requests: AppendRequest[]): Promise<AppendResult[]> {
    requests.forEach(assertAppendable);
    eventIds(requests);
    for (let attempt = 0; attempt < CHAIN_CONFLICT_RETRIES; attempt++) {
      const chain = await chainHead();
      // A retried request is answered from the id reservations, before any revision check; the others are appended (as SQLite does).
      const retries = await Promise.all(
        requests.map(async (r) => resolveRetry(r, await identities(r.events.map((e) => e.id)))),
      );
      if (retries.every((r) => r !== null)) return retries as AppendResult[];
      const recordedAt = now().toISOString();
      let sequence = chain.head.lastSequence;
      let previousHash = chain.head.lastHash;
      const results: AppendResult[] = [];
      const writes: AppendStreamRequest[] = [];
      for (const [i, request] of requests.entries()) {
        if (retries[i]) {
          results.push(retries[i]);
          continue;
        }
        // Under the chain's serialisation the revision read here is the one the append lands on.
        const current = await lastRevision(request.stream);
        assertExpectedRevision(request.stream, request.expectedRevision, current);
        let revision = current ?? -1n;
        const events = request.events.map((e) => {
          revision++;
          sequence++;
          const position = sequencePosition(sequence);
          const hash = chainHash(previousHash, {
            id: e.id,
            stream: request.stream,
            revision,
            position,
            type: e.type,
            data: e.data,
            metadata: e.metadata,
            recordedAt,
          });
          previousHash = hash;
          const envelope: Envelope = { m: e.metadata, p: position, t: recordedAt, h: hash };
          writes.push({
            streamName: idStream(e.id),
            expectedState: NO_STREAM,
            events: [
              jsonEvent({
                type: '$statledger-id',
                data: { stream: request.stream, revision: String(revision), position },
              }),
            ],
          });
          return jsonEvent({ id: e.id, type: e.type, data: e.data, metadata: envelope as unknown as JsonObject });
        });
        writes.push({ streamName: streamOf(request.stream), expectedState: current ?? NO_STREAM, events });
        results.push({
          stream: request.stream,
          nextExpectedRevision: revision,
          position: sequencePosition(sequence),
          appended: true,
        });
      }
      const head: ChainHead = { lastSequence: sequence, lastHash: previousHash };
      writes.push({
        streamName: chainStream,
        expectedState: chain.revision ?? NO_STREAM,
        events: [jsonEvent({ type: '$statledger-chain', data: head as unknown as JsonObject })],
      });
      try {
        await client.multiStreamAppend(writes);
      } catch (error) {
        // Another writer moved the chain (or a stream, or reserved an id) between our reads and our append: read again.
        if (error instanceof WrongExpectedVersionError) continue;
        throw error;
      }
      notifier.notify();
      return results;
    }
    throw new Error(
      `could not append after ${CHAIN_CONFLICT_RETRIES} attempts: the chain stream ${chainStream} is contended; retry later`,
    );
  }

  /** The KurrentDB position from which reading `$all` reaches the event after `from` (a port position). */
  async function kurrentPositionBefore(from: string | undefined): Promise<Position | undefined> {
    if (from === undefined) return undefined;
    const target = sequenceOf(from);
    const chain = await chainHead();
    if (chain.revision === null) return undefined;
    // Binary search over the chain stream for the last batch that ends at or before `from`.
    let lo = 0n;
    let hi = chain.revision;
    let best: Position | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) / 2n;
      const [event] = await readRaw(chainStream, { fromRevision: mid, maxCount: 1 });
      if ((event!.data as unknown as ChainHead).lastSequence <= target) {
        best = event!.position;
        lo = mid + 1n;
      } else {
        hi = mid - 1n;
      }
    }
    return best;
  }

  /** A cluster that does not answer gets a message that says where it was looked for and what to check. */
  const answering =
    <A extends unknown[], R>(operation: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await operation(...args);
      } catch (error) {
        if (error instanceof UnavailableError || error instanceof DeadlineExceededError) {
          throw new Error(
            `KurrentDB at ${options.connectionString} does not answer (${error.message}); check STATLEDGER_STORE and that the cluster is running`,
            { cause: error },
          );
        }
        throw error;
      }
    };

  const store: EventStore & { checkpoints: KurrentCheckpointStore } = {
    checkpoints: createKurrentCheckpointStore(client, ns),
    appendToStream: answering(
      async (stream, events, { expectedRevision }) => (await append([{ stream, events, expectedRevision }]))[0]!,
    ),
    appendToStreams: answering(append),
    readStream: answering(async (stream, { fromRevision, direction = 'forwards', maxCount = -1 } = {}) => {
      const events = await readRaw(streamOf(stream), {
        ...(fromRevision !== undefined ? { fromRevision } : {}),
        direction,
        maxCount,
      });
      return events.map(toRecorded);
    }),
    readAll: answering(async ({ from, maxCount = -1, filter, dataFields } = {}) => {
      const picked = dataFieldsByType(dataFields);
      const start = await kurrentPositionBefore(from);
      const after = from === undefined ? -1 : sequenceOf(from);
      const out: RecordedEvent[] = [];
      // The server filters to this store's streams; the port's own filter is applied here.
      for await (const resolved of client.readAll({
        fromPosition: start ?? START,
        direction: FORWARDS,
        filter: streamNameFilter({ prefixes: [`${ns}.`] }),
      })) {
        if (!resolved.event) continue;
        const recorded = toRecorded(resolved.event);
        if (sequenceOf(recorded.position) <= after) continue;
        if (filter && !matchesFilter(recorded, filter)) continue;
        out.push(picking(recorded, picked));
        if (maxCount >= 0 && out.length >= maxCount) break;
      }
      return out;
    }),
    subscribeToAll(subscribeOptions = {}) {
      return catchUpSubscription(store, notifier, {
        ...subscribeOptions,
        pollIntervalMs: options.pollIntervalMs ?? 200,
      });
    },
    headPosition: answering(async () => {
      const { head } = await chainHead();
      return head.lastSequence < 0 ? undefined : sequencePosition(head.lastSequence);
    }),
    async close() {
      await client.dispose();
    },
  };
  return store;
}
