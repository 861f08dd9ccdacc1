import { readAllPages } from './read-all-pages.ts';
import type { AppendRequest, EventStore, RecordedEvent } from './types.ts';

export interface CopyProgress {
  /** Events appended to the target by this copy. */
  copied: number;
  /** Events the target already held (an earlier copy that stopped part way). */
  alreadyThere: number;
}

export interface CopyOptions {
  source: EventStore;
  target: EventStore;
  /** Sets the target's clock: each event is appended at the instant the source recorded it. */
  setClock(instant: string): void;
  onPage?: (progress: CopyProgress) => void;
}

/**
 * Copies the log into another store, event for event: the same ids, streams, revisions and recording instants, so
 * where both number positions alike (SQLite, PostgreSQL) the copy has the same positions and hash chain. A target
 * that holds the start of the same log (a copy that stopped) is continued; one that holds anything else is refused.
 */
export async function copyLog(options: CopyOptions): Promise<CopyProgress> {
  const progress: CopyProgress = { copied: 0, alreadyThere: 0 };
  const held = readAllPages(options.target)[Symbol.asyncIterator]();
  let page: RecordedEvent[] = [];
  const nextHeld = async (): Promise<RecordedEvent | undefined> => {
    if (page.length === 0) page = (await held.next()).value ?? [];
    return page.shift();
  };
  for await (const events of readAllPages(options.source)) {
    const toCopy: RecordedEvent[] = [];
    for (const event of events) {
      const there = toCopy.length ? undefined : await nextHeld();
      if (!there) toCopy.push(event);
      else if (sameEvent(event, there)) progress.alreadyThere++;
      else
        throw new Error(
          `the target holds another log: at ${there.position} it has event ${there.id}, the source ${event.id}; copy into an empty store`,
        );
    }
    for (const run of runsOf(toCopy)) {
      options.setClock(run[0]!.recordedAt);
      await options.target.appendToStreams(requestsOf(run));
      progress.copied += run.length;
    }
    options.onPage?.(progress);
  }
  if (await nextHeld()) throw new Error('the target holds more events than the source; copy into an empty store');
  return progress;
}

/** The same event, and where positions are numbered alike, at the same place in the same chain. */
function sameEvent(a: RecordedEvent, b: RecordedEvent): boolean {
  const same = a.id === b.id && a.stream === b.stream && a.revision === b.revision && a.recordedAt === b.recordedAt;
  return same && (a.position !== b.position || a.hash === b.hash);
}

/** Consecutive events recorded at one instant: one append each, so every event keeps its instant. */
function runsOf(events: RecordedEvent[]): RecordedEvent[][] {
  const runs: RecordedEvent[][] = [];
  for (const event of events) {
    const run = runs.at(-1);
    if (run && run[0]!.recordedAt === event.recordedAt) run.push(event);
    else runs.push([event]);
  }
  return runs;
}

/** A request per stretch of one stream, expecting the revision before its first event, in log order. */
function requestsOf(events: RecordedEvent[]): AppendRequest[] {
  const requests: AppendRequest[] = [];
  for (const { id, type, data, metadata, stream, revision } of events) {
    const last = requests.at(-1);
    if (last?.stream === stream) last.events.push({ id, type, data, metadata });
    else
      requests.push({
        stream,
        events: [{ id, type, data, metadata }],
        expectedRevision: revision === 0n ? 'no_stream' : revision - 1n,
      });
  }
  return requests;
}
