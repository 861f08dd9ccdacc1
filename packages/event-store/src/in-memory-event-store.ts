import { assertExpectedRevision } from './expected-revision.ts';
import { assertAppendable, eventIds, resolveRetry } from './idempotency.ts';
import { GENESIS_HASH, chainHash } from './integrity.ts';
import { matchesFilter } from './filter.ts';
import { dataFieldsByType, picking } from './data-fields.ts';
import { sequenceOf, sequencePosition } from './position.ts';
import { catchUpSubscription, createAppendNotifier } from './catch-up-subscription.ts';
import { CheckpointConflictError } from './errors.ts';
import type { AppendRequest, AppendResult, Checkpoint, CheckpointStore, EventStore, RecordedEvent } from './types.ts';

export interface InMemoryOptions {
  /** Clock for `recordedAt`; tests pass a fixed one. */
  now?: () => Date;
}

/** The log in an array: for unit tests and specifications. Same contract as every durable adapter. */
export function createInMemoryEventStore(options: InMemoryOptions = {}): EventStore & { checkpoints: CheckpointStore } {
  const now = options.now ?? (() => new Date());
  const log: RecordedEvent[] = [];
  const streams = new Map<string, RecordedEvent[]>();
  const byId = new Map<string, RecordedEvent>();
  const notifier = createAppendNotifier();

  function appendAtomically(requests: AppendRequest[]): AppendResult[] {
    requests.forEach(assertAppendable);
    eventIds(requests);
    // Check every request before writing any, so a conflict in the last leaves the log untouched. Requests are
    // taken in turn: a later request of a stream meets the revision the earlier ones leave.
    const lastRevision = new Map<string, bigint | null>();
    const plans = requests.map((request) => {
      const found = request.events.map((e) => byId.get(e.id)).filter((e): e is RecordedEvent => e !== undefined);
      const retry = resolveRetry(request, found);
      if (!retry) {
        const stream = streams.get(request.stream);
        const last = lastRevision.has(request.stream)
          ? lastRevision.get(request.stream)!
          : stream
            ? stream[stream.length - 1]!.revision
            : null;
        assertExpectedRevision(request.stream, request.expectedRevision, last);
        lastRevision.set(request.stream, (last ?? -1n) + BigInt(request.events.length));
      }
      return { request, retry };
    });
    const recordedAt = now().toISOString();
    return plans.map(({ request, retry }) => {
      if (retry) return retry;
      const stream = streams.get(request.stream) ?? [];
      for (const event of request.events) {
        const fields = {
          id: event.id,
          type: event.type,
          data: structuredClone(event.data),
          metadata: structuredClone(event.metadata),
          stream: request.stream,
          revision: BigInt(stream.length),
          position: sequencePosition(log.length),
          recordedAt,
        };
        const recorded: RecordedEvent = { ...fields, hash: chainHash(log.at(-1)?.hash ?? GENESIS_HASH, fields) };
        log.push(recorded);
        stream.push(recorded);
        byId.set(recorded.id, recorded);
      }
      streams.set(request.stream, stream);
      const last = stream[stream.length - 1]!;
      return { stream: request.stream, nextExpectedRevision: last.revision, position: last.position, appended: true };
    });
  }

  const store: EventStore = {
    async appendToStream(stream, events, { expectedRevision }) {
      const [result] = appendAtomically([{ stream, events, expectedRevision }]);
      notifier.notify();
      return result!;
    },
    async appendToStreams(requests) {
      const results = appendAtomically(requests);
      notifier.notify();
      return results;
    },
    async readStream(name, { fromRevision, direction = 'forwards', maxCount = Number.MAX_SAFE_INTEGER } = {}) {
      const events = streams.get(name) ?? [];
      const ordered =
        direction === 'forwards'
          ? events.filter((e) => fromRevision === undefined || e.revision >= fromRevision)
          : [...events].reverse().filter((e) => fromRevision === undefined || e.revision <= fromRevision);
      return ordered.slice(0, maxCount).map(copy);
    },
    async readAll({ from, maxCount = Number.MAX_SAFE_INTEGER, filter, dataFields } = {}) {
      const picked = dataFieldsByType(dataFields);
      const start = from === undefined ? 0 : sequenceOf(from) + 1;
      const result: RecordedEvent[] = [];
      for (let i = start; i < log.length && result.length < maxCount; i++) {
        if (matchesFilter(log[i]!, filter)) result.push(picking(copy(log[i]!), picked));
      }
      return result;
    },
    subscribeToAll(options = {}) {
      return catchUpSubscription(store, notifier, { ...options, pollIntervalMs: 1_000 });
    },
    async headPosition() {
      return log.at(-1)?.position;
    },
    async close() {},
  };
  return { ...store, checkpoints: createInMemoryCheckpointStore() };
}

export function createInMemoryCheckpointStore(): CheckpointStore {
  const checkpoints = new Map<string, Checkpoint>();
  return {
    async load(name) {
      return checkpoints.get(name) ?? null;
    },
    async save(name, position, expectedVersion) {
      const current = checkpoints.get(name) ?? null;
      if ((current?.version ?? null) !== expectedVersion)
        throw new CheckpointConflictError(name, expectedVersion, current?.version ?? null);
      const next = { position, version: current === null ? 0 : current.version + 1 };
      checkpoints.set(name, next);
      return next;
    },
  };
}

/** Readers get copies, so a caller mutating what it read cannot rewrite history. */
function copy(event: RecordedEvent): RecordedEvent {
  return { ...event, data: structuredClone(event.data), metadata: structuredClone(event.metadata) };
}
