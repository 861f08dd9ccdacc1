/** A message for a feed: its key and its JSON value. */
export interface FeedMessage {
  key: string;
  value: Record<string, unknown>;
}

/**
 * The port every feed sink implements. `send` resolves only once every message is durably accepted
 * (Kafka: acknowledged by all in-sync replicas; file: written and fsynced), so the caller may then store
 * its checkpoint. A sink may deliver a message twice after a crash; never zero times.
 */
export interface FeedSink {
  readonly name: string;
  send(messages: readonly FeedMessage[]): Promise<void>;
  close(): Promise<void>;
}
