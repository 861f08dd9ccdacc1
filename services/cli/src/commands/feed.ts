import type { Command } from 'commander';
import { Kafka, logLevel } from 'kafkajs';
import {
  AGGREGATES_TOPIC,
  createDeduplicator,
  createMessageValidator,
  runFeedPublisher,
  type AggregateMessage,
} from '@statledger/feeds';
import { runProjector } from '@statledger/read-models';
import { configuredFeedSink, openLogRuntime } from '@statledger/pipeline';
import { say } from '../output.ts';

export function registerFeed(program: Command): void {
  const feed = program
    .command('feed')
    .description('aggregates for upstream bureaus: publish them, or read them back as a consumer would');

  feed
    .command('publish')
    .description(
      'brings the projection up to date and publishes every district and city aggregate that changed since the last run',
    )
    .option('--kafka <brokers>', 'Kafka bootstrap brokers, comma-separated (default $STATLEDGER_KAFKA_BROKERS)')
    .option('--topic <topic>', 'Kafka topic', AGGREGATES_TOPIC)
    .option('--file <path>', 'append NDJSON to this file instead (default $STATLEDGER_FEED_FILE)')
    .option('--follow', 'keep publishing as new reports arrive, until SIGTERM/SIGINT')
    .option('--store <url>', 'event store')
    .action(async (options: { kafka?: string; topic: string; file?: string; follow?: boolean; store?: string }) => {
      const sink = configuredFeedSink(options);
      if (!sink) throw new Error('name a sink: --kafka BROKERS (or STATLEDGER_KAFKA_BROKERS) or --file PATH');
      const runtime = await openLogRuntime({ store: options.store, logLevel: 'info' });
      const stopping = new AbortController();
      for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => stopping.abort());
      try {
        const isDenominatorSource = runtime.sourceRegistry.isDenominatorSource;
        const common = {
          events: runtime.store,
          projections: runtime.projections,
          catalogue: runtime.catalogue,
          isDenominatorSource,
          signal: stopping.signal,
        };
        const projector = runProjector({ ...common, stopWhenCaughtUp: !options.follow });
        if (!options.follow) await projector;
        const progress = await runFeedPublisher({
          ...common,
          sink,
          logger: runtime.logger,
          validate: createMessageValidator(),
          stopWhenIdle: !options.follow,
        });
        await projector;
        say(
          `${sink.name}: ${progress.published} aggregates published in ${progress.batches} batches${progress.failures ? `, ${progress.failures} failed attempts retried` : ''}`,
        );
      } finally {
        await sink.close();
        await runtime.close();
      }
    });

  feed
    .command('tail')
    .description('the reference consumer: reads the topic, keeps the highest revision per key and drops duplicates')
    .option('--kafka <brokers>', 'Kafka bootstrap brokers (default $STATLEDGER_KAFKA_BROKERS)')
    .option('--topic <topic>', 'Kafka topic', AGGREGATES_TOPIC)
    .option('--group <id>', 'consumer group (a new one reads from the beginning)', `statledger-tail-${process.pid}`)
    .option('--max <n>', 'stop after this many messages')
    .action(async (options: { kafka?: string; topic: string; group: string; max?: string }) => {
      const brokers = (options.kafka ?? process.env.STATLEDGER_KAFKA_BROKERS ?? '').split(',').filter(Boolean);
      if (brokers.length === 0) throw new Error('name the brokers: --kafka HOST:PORT or STATLEDGER_KAFKA_BROKERS');
      const max = options.max === undefined ? Infinity : Number(options.max);
      const consumer = new Kafka({ clientId: 'statledger-feed-tail', brokers, logLevel: logLevel.NOTHING }).consumer({
        groupId: options.group,
      });
      const dedupe = createDeduplicator();
      let seen = 0;
      let dropped = 0;
      await consumer.connect();
      await consumer.subscribe({ topic: options.topic, fromBeginning: true });
      await new Promise<void>((resolve) => {
        for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => resolve());
        void consumer.run({
          eachMessage: async ({ message, partition }) => {
            const value = JSON.parse(message.value!.toString()) as AggregateMessage;
            const verdict = dedupe.accept(message.key!.toString(), value.revision);
            seen++;
            if (verdict === 'new')
              say(
                `${value.key}  revision ${value.revision}  ${value.status}  ${value.reports.received}/${value.reports.expected} reports  position ${BigInt(value.provenance.lastPosition)}`,
              );
            else {
              dropped++;
              say(
                `${value.key}  revision ${value.revision}  dropped (${verdict}) from partition ${partition} offset ${message.offset}`,
              );
            }
            if (seen >= max) resolve();
          },
        });
      });
      await consumer.disconnect();
      say(`${seen} messages, ${seen - dropped} kept, ${dropped} dropped as duplicates or stale`);
    });
}
