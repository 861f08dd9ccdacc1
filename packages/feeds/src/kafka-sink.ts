import { Kafka, logLevel, type Producer } from 'kafkajs';
import type { FeedMessage, FeedSink } from './sink.ts';

export interface KafkaSinkOptions {
  brokers: string[];
  topic: string;
  clientId?: string;
  /** Partitions when the sink has to create the topic. */
  partitions?: number;
  /** How long one connection attempt or request may take before it counts as failed. */
  requestTimeoutMs?: number;
}

/**
 * Kafka through kafkajs: an idempotent producer (no duplicates from its own retries), `acks: -1` (every
 * in-sync replica), one request in flight so order per key holds. Creates the topic when it is missing.
 * Retries inside kafkajs are short; the publisher's loop owns the long backoff when the broker is away.
 */
export function createKafkaSink(options: KafkaSinkOptions): FeedSink {
  const kafka = new Kafka({
    clientId: options.clientId ?? 'statledger-feed-publisher',
    brokers: options.brokers,
    connectionTimeout: options.requestTimeoutMs ?? 3_000,
    requestTimeout: options.requestTimeoutMs ?? 10_000,
    retry: { retries: 2, initialRetryTime: 200 },
    logLevel: logLevel.NOTHING,
  });
  let producer: Producer | undefined;

  async function connected(): Promise<Producer> {
    if (producer) return producer;
    const admin = kafka.admin();
    await admin.connect();
    try {
      const topics = await admin.listTopics();
      if (!topics.includes(options.topic))
        await admin.createTopics({
          waitForLeaders: true,
          topics: [{ topic: options.topic, numPartitions: options.partitions ?? 3, replicationFactor: 1 }],
        });
    } finally {
      await admin.disconnect();
    }
    const p = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await p.connect();
    producer = p;
    return p;
  }

  return {
    name: `kafka:${options.brokers.join(',')}/${options.topic}`,
    async send(messages: readonly FeedMessage[]) {
      if (messages.length === 0) return;
      const p = await connected();
      try {
        await p.send({
          topic: options.topic,
          acks: -1,
          messages: messages.map((m) => ({ key: m.key, value: JSON.stringify(m.value) })),
        });
      } catch (error) {
        // A producer that failed may hold a broken connection; the next attempt starts afresh.
        producer = undefined;
        await p.disconnect().catch(() => {});
        throw error;
      }
    },
    async close() {
      await producer?.disconnect();
      producer = undefined;
    },
  };
}
