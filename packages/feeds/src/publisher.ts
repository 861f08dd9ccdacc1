import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { FormCatalogue } from '@statledger/domain';
import type { SqliteEventStore } from '@statledger/event-store-sqlite';
import { createReportLedger, parseAggregateKey, statisticsOf, type DenominatorSource } from '@statledger/read-models';
import { createTables, restoreLedger } from '@statledger/read-models-sqlite';
import { aggregateMessage, type AggregateMessage } from './message.ts';
import type { FeedSink } from './sink.ts';

export interface FeedPublisherOptions {
  store: SqliteEventStore;
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
  const { store, sink, logger } = options;
  const db = store.db;
  const name = options.name ?? 'feed-publisher';
  createTables(db);
  db.exec('CREATE TABLE IF NOT EXISTS feed_published (publisher TEXT NOT NULL, key TEXT NOT NULL, revision INTEGER NOT NULL, position TEXT NOT NULL, PRIMARY KEY (publisher, key)) WITHOUT ROWID');
  const pendingQuery = db.prepare<[string, number], { key: string; revision: number; position: string }>(
    `SELECT a.key, a.revision, a.position FROM rm_aggregates a LEFT JOIN feed_published p ON p.publisher = ? AND p.key = a.key
     WHERE p.revision IS NULL OR p.revision < a.revision ORDER BY a.position, a.key LIMIT ?`,
  );
  const markSent = db.prepare('INSERT INTO feed_published (publisher, key, revision, position) VALUES (?, ?, ?, ?) ON CONFLICT (publisher, key) DO UPDATE SET revision = excluded.revision, position = excluded.position');
  const backoff = options.backoff ?? { initialMs: 500, maxMs: 30_000 };
  const progress: PublisherProgress = { published: 0, batches: 0, failures: 0 };
  let retryMs = backoff.initialMs;

  // One read transaction: the revisions and the rows they describe come from the same snapshot.
  const nextBatch = db.transaction((): AggregateMessage[] => {
    const pending = pendingQuery.all(name, options.batchSize ?? 500);
    const forms = [...new Set(pending.map((p) => parseAggregateKey(p.key).form))];
    return forms.flatMap((formCode) => {
      const ledger = createReportLedger(options.catalogue, options.isDenominatorSource);
      restoreLedger(db, ledger, { form: formCode });
      const form = options.catalogue.get(formCode);
      return pending
        .filter((p) => parseAggregateKey(p.key).form === formCode)
        .map((p) => {
          const key = parseAggregateKey(p.key);
          const figure = statisticsOf(ledger, options.catalogue, options.isDenominatorSource, { form: formCode, unit: key.unitCode, period: key.period }, { position: p.position, instant: null }).figure;
          if (!figure) throw new Error(`aggregate ${p.key} has no figure in the projection; rebuild it with statledger rebuild`);
          return aggregateMessage(form, figure, p.revision, p.position);
        });
    });
  });

  while (!options.signal?.aborted) {
    const batch = nextBatch.deferred();
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
      logger.warn({ err: error, sink: sink.name, aggregates: batch.length, retryInMs: retryMs }, 'the feed sink did not accept the batch; nothing is marked sent, retrying');
      await sleep(retryMs, options.signal);
      retryMs = Math.min(retryMs * 2, backoff.maxMs);
      continue;
    }
    if (retryMs !== backoff.initialMs) logger.info({ sink: sink.name }, 'the feed sink accepts messages again');
    retryMs = backoff.initialMs;
    await options.afterSend?.(batch);
    db.transaction(() => {
      for (const m of batch) markSent.run(name, m.key, m.revision, m.provenance.lastPosition);
    }).immediate();
    progress.published += batch.length;
    progress.batches++;
    logger.info({ sink: sink.name, aggregates: batch.length, published: progress.published }, 'aggregates published');
  }
  return progress;
}

/** Waits, or less when the signal aborts (the loop then ends). */
const sleep = (ms: number, signal?: AbortSignal) => delay(ms, undefined, signal ? { signal } : {}).catch(() => undefined);
