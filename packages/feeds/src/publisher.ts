import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { FormCatalogue } from '@statledger/domain';
import {
  createReportLedger,
  parseAggregateKey,
  periodsWithin,
  statisticsOf,
  type AggregateRow,
  type DenominatorSource,
  type ProjectionStore,
} from '@statledger/read-models';
import { aggregateMessage, type AggregateMessage } from './message.ts';
import type { FeedSink } from './sink.ts';

export interface FeedPublisherOptions {
  projections: ProjectionStore;
  catalogue: FormCatalogue;
  isDenominatorSource: DenominatorSource;
  sink: FeedSink;
  logger: Logger;
  /** Validates each message against the published JSON Schema before it is sent. */
  validate: (message: AggregateMessage) => void;
  /** The publisher's name: its progress is kept per name, so a file feed and a Kafka feed advance apart. */
  name?: string;
  signal?: AbortSignal;
  /** Return once nothing is left to publish (a one-off run, tests). */
  stopWhenIdle?: boolean;
  pollIntervalMs?: number;
  /** Aggregates per send. */
  batchSize?: number;
  /** Backoff while the sink is unavailable: doubles from `initialMs` up to `maxMs`. */
  backoff?: { initialMs: number; maxMs: number };
  /** Called after a batch was sent, before its progress is stored (tests kill the process here). */
  afterSend?: (messages: AggregateMessage[]) => void | Promise<void>;
}

export interface PublisherProgress {
  published: number;
  batches: number;
  failures: number;
}

/**
 * Publishes every district and city aggregate whose revision in the projection is above the revision last
 * sent, then stores the revisions sent. A crash between the two re-sends the batch: the same keys with the
 * same revisions and bytes, which consumers drop. A failing sink is retried with backoff; nothing is skipped.
 */
export async function runFeedPublisher(options: FeedPublisherOptions): Promise<PublisherProgress> {
  const { projections, sink, logger } = options;
  const name = options.name ?? 'feed-publisher';
  const backoff = options.backoff ?? { initialMs: 500, maxMs: 30_000 };
  const progress: PublisherProgress = { published: 0, batches: 0, failures: 0 };
  let retryMs = backoff.initialMs;

  /**
   * The next messages: the aggregates whose revision rose, figured from the projection's rows. The revisions are
   * read again after the rows: had the projector moved any of them meanwhile, the figures might be newer than
   * their revision, so the batch is taken again.
   */
  const nextBatch = async (): Promise<{ rows: AggregateRow[]; messages: AggregateMessage[] }> => {
    for (;;) {
      const pending = await projections.outbox.pending(name, options.batchSize ?? 500);
      const messages = await messagesOf(pending);
      const now = await projections.outbox.revisions(pending.map(([key]) => key));
      if (pending.every(([key, revision]) => now.get(key) === revision)) return { rows: pending, messages };
    }
  };
  const messagesOf = async (pending: AggregateRow[]) => {
    const messages: AggregateMessage[] = [];
    for (const formCode of [...new Set(pending.map(([key]) => parseAggregateKey(key).form))]) {
      const form = options.catalogue.get(formCode);
      // Only the reports of the batch's periods: a month's changes do not restore the form's every month.
      const periods = new Set(
        pending.flatMap(([key]) => {
          const aggregate = parseAggregateKey(key);
          return aggregate.form === formCode ? periodsWithin(form, aggregate.period) : [];
        }),
      );
      const ledger = createReportLedger(options.catalogue, options.isDenominatorSource);
      await projections.restore(ledger, { form: formCode, periods: [...periods].sort() });
      for (const [aggregate, revision, position] of pending.filter(
        ([key]) => parseAggregateKey(key).form === formCode,
      )) {
        const key = parseAggregateKey(aggregate);
        const figure = statisticsOf(
          ledger,
          options.catalogue,
          options.isDenominatorSource,
          { form: formCode, unit: key.unitCode, period: key.period },
          { position, instant: null },
        ).figure;
        if (!figure)
          throw new Error(`aggregate ${aggregate} has no figure in the projection; rebuild it with statledger rebuild`);
        messages.push(aggregateMessage(form, figure, revision, position));
      }
    }
    // In the order the aggregates changed, as before the batch was split by form.
    const order = new Map(pending.map(([key], i) => [key, i]));
    return messages.sort((a, b) => order.get(a.key)! - order.get(b.key)!);
  };

  while (!options.signal?.aborted) {
    const { rows, messages: batch } = await nextBatch();
    if (batch.length === 0) {
      if (options.stopWhenIdle) break;
      await sleep(options.pollIntervalMs ?? 500, options.signal);
      continue;
    }
    batch.forEach(options.validate);
    try {
      await sink.send(batch.map((m) => ({ key: m.key, value: m })));
    } catch (error) {
      progress.failures++;
      logger.warn(
        { err: error, sink: sink.name, aggregates: batch.length, retryInMs: retryMs },
        'the feed sink did not accept the batch; nothing is marked sent, retrying',
      );
      await sleep(retryMs, options.signal);
      retryMs = Math.min(retryMs * 2, backoff.maxMs);
      continue;
    }
    if (retryMs !== backoff.initialMs) logger.info({ sink: sink.name }, 'the feed sink accepts messages again');
    retryMs = backoff.initialMs;
    await options.afterSend?.(batch);
    await projections.outbox.markSent(name, rows);
    progress.published += batch.length;
    progress.batches++;
    logger.info({ sink: sink.name, aggregates: batch.length, published: progress.published }, 'aggregates published');
  }
  return progress;
}

/** Waits, or less when the signal aborts (the loop then ends). */
const sleep = (ms: number, signal?: AbortSignal) =>
  delay(ms, undefined, signal ? { signal } : {}).catch(() => undefined);
