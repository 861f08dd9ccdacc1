import type { FormCatalogue } from '@statledger/domain';
import {
  isCaughtUp,
  readAllPages,
  type Checkpoint,
  type EventStore,
  type RecordedEvent,
} from '@statledger/event-store';
import { createAggregateKeyMemo } from './aggregate-keys.ts';
import { PROJECTOR, type ProjectionStore } from './projection-store.ts';
import { createReportLedger, LEDGER_DATA_FIELDS, type DenominatorSource } from './report-ledger.ts';

export interface ProjectorOptions {
  events: EventStore;
  projections: ProjectionStore;
  catalogue: FormCatalogue;
  isDenominatorSource: DenominatorSource;
  signal?: AbortSignal;
  stopWhenCaughtUp?: boolean;
  /**
   * Events folded per transaction at most. Large, because each commit rewrites every B-tree page it touched
   * (report rows are keyed by stream, so a batch touches pages all over the table) and sums again every subtotal
   * above a changed report. The fold holds every row in memory anyway; a batch adds only the keys it changed.
   * Following live, a batch ends sooner, whenever the projector has caught up.
   */
  batchEvents?: number;
  onBatch?: (position: string | undefined) => void;
}

/** An aggregate's revision, and the position of its last change in the batch being folded (none yet). */
interface AggregateCount {
  revision: number;
  changedAt: string | undefined;
}

/**
 * Folds the log into the projection's rows. Each batch's changed rows and the checkpoint are written in one
 * transaction of the projection store, so a crash leaves either both or neither: no figure is ever counted twice.
 */
export async function runProjector(
  options: ProjectorOptions,
): Promise<{ events: number; position: string | undefined }> {
  const { events: log, projections } = options;
  const ledger = createReportLedger(options.catalogue, options.isDenominatorSource);
  await projections.restore(ledger);
  let checkpoint: Checkpoint | null = await projections.checkpoints.load(PROJECTOR);
  // Every aggregate's revision, held in memory (a few hundred per city and month): the revision counts every
  // event that could change the figure, so the same log gives the same revision however it was batched. One record
  // per aggregate, looked up once per event, carries its revision and the batch's last change to it.
  const aggregates = new Map<string, AggregateCount>();
  for (const [key, revision] of await projections.aggregateRevisions())
    aggregates.set(key, { revision, changedAt: undefined });
  let changedAggregates: [string, AggregateCount][] = [];
  const aggregateKeysOf = createAggregateKeyMemo();
  // The counts of the last keys given: a run of events with the same keys counts without looking them up.
  let lastKeys: readonly string[] = [];
  let lastCounts: AggregateCount[] = [];
  const countAggregateChanges = (event: RecordedEvent) => {
    const keys = aggregateKeysOf(event);
    if (keys !== lastKeys) {
      lastKeys = keys;
      lastCounts = keys.map((key) => {
        let aggregate = aggregates.get(key);
        if (!aggregate) aggregates.set(key, (aggregate = { revision: -1, changedAt: undefined }));
        return aggregate;
      });
    }
    for (let i = 0; i < keys.length; i++) {
      const aggregate = lastCounts[i]!;
      if (aggregate.changedAt === undefined) changedAggregates.push([keys[i]!, aggregate]);
      aggregate.revision++;
      aggregate.changedAt = event.position;
    }
  };
  let position = checkpoint?.position;
  let events = 0;
  let pending = 0;
  const batchEvents = options.batchEvents ?? 500_000;
  const flush = async () => {
    if (pending === 0) return;
    const changed = changedAggregates.map(([key, aggregate]): [string, number, string] => {
      const row: [string, number, string] = [key, aggregate.revision, aggregate.changedAt!];
      aggregate.changedAt = undefined;
      return row;
    });
    changedAggregates = [];
    checkpoint = await projections.commit({
      ledger,
      changes: ledger.drainChanges(),
      aggregates: changed,
      checkpoint: { position, expectedVersion: checkpoint?.version ?? null },
    });
    pending = 0;
    options.onBatch?.(position);
  };
  /** Folds an event; says whether the batch is full. */
  const fold = (event: RecordedEvent) => {
    ledger.apply(event);
    countAggregateChanges(event);
    position = event.position;
    events++;
    return ++pending >= batchEvents;
  };
  // The log as it stands is folded a page at a time, without the await per event a subscription costs; then it is
  // followed live from where the pages ended.
  const pages = readAllPages(log, {
    ...(position ? { from: position } : {}),
    pageSize: 5_000,
    dataFields: LEDGER_DATA_FIELDS,
  });
  for await (const page of pages) {
    for (const event of page) if (fold(event)) await flush();
    if (options.signal?.aborted) break;
  }
  await flush();
  if (options.stopWhenCaughtUp || options.signal?.aborted) return { events, position };
  for await (const item of log.subscribeToAll({
    ...(position ? { from: position } : {}),
    batchSize: 5_000,
    ...(options.signal ? { signal: options.signal } : {}),
  })) {
    if (isCaughtUp(item) || fold(item)) await flush();
  }
  await flush();
  return { events, position };
}

/** Empties the projection and forgets its checkpoint: the next run folds the whole log again. */
export async function resetProjection(projections: ProjectionStore): Promise<void> {
  await projections.clear();
}
