import { AGGREGATES_TOPIC, createFileSink, createKafkaSink, type FeedSink } from '@statledger/feeds';

export interface FeedSinkOptions {
  kafka?: string | undefined;
  topic?: string | undefined;
  file?: string | undefined;
}

/** The sink the options or the environment name: Kafka brokers (STATLEDGER_KAFKA_BROKERS) or an NDJSON file (STATLEDGER_FEED_FILE). */
export function configuredFeedSink(options: FeedSinkOptions): FeedSink | undefined {
  const brokers = options.kafka ?? process.env.STATLEDGER_KAFKA_BROKERS;
  const file = options.file ?? process.env.STATLEDGER_FEED_FILE;
  if (brokers && file) throw new Error('name one feed sink: Kafka brokers or a file, not both');
  if (brokers)
    return createKafkaSink({
      brokers: brokers
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean),
      topic: options.topic ?? AGGREGATES_TOPIC,
    });
  if (file) return createFileSink(file);
  return undefined;
}
