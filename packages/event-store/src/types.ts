/** `any`: no check; `no_stream`: the stream must not exist; `stream_exists`: it must; bigint: its last revision must be exactly this. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** An event to append. `id` is a UUID and doubles as idempotency key. */
export interface EventData<Type extends string = string, Data extends JsonObject = JsonObject> {
  id: string;
  type: Type;
  data: Data;
  metadata: JsonObject;
}

/** An event as the log holds it. Revisions start at 0 per stream; positions are opaque, ordered strings. */
export interface RecordedEvent<Type extends string = string, Data extends JsonObject = JsonObject> extends EventData<
  Type,
  Data
> {
  stream: string;
  revision: bigint;
  position: string;
  /** UTC ISO-8601 instant at which the store appended the event. */
  recordedAt: string;
  /** sha256(previousHash + canonicalJSON(event)) over the global log. */
  hash: string;
}

export interface AppendRequest {
  stream: string;
  events: EventData[];
  expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  stream: string;
  /** Revision of the stream's last event after the append: pass it as expectedRevision next time. */
  nextExpectedRevision: bigint;
  /** Position of the last event appended (or found, for an idempotent retry). */
  position: string;
  /** False when every event id was already in the stream: the retry appended nothing. */
  appended: boolean;
}

export interface ReadStreamOptions {
  fromRevision?: bigint;
  direction?: 'forwards' | 'backwards';
  maxCount?: number;
}

export interface EventFilter {
  streamPrefixes?: string[];
  eventTypes?: string[];
}

/**
 * Of events of the named types, the top-level fields of `data` a reader needs. A store may then leave the rest of such
 * a payload unparsed (a SQL store picks the fields in the database), which a fold of the whole log that needs two
 * fields of a large payload (a quality finding's id and report, not its evidence) would otherwise pay for.
 */
export type DataFields = Readonly<Record<string, readonly string[]>>;

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Omitted: from the start of the log. */
  from?: string;
  maxCount?: number;
  filter?: EventFilter;
  /**
   * Of events of the named types, `data` holds only the named top-level fields (one null or absent in the event is
   * absent). Such events are otherwise whole, but their data no longer matches their hash: for a fold, never for a
   * copy of the log or a check of its chain.
   */
  dataFields?: DataFields;
}

export interface SubscribeOptions {
  from?: string;
  filter?: EventFilter;
  signal?: AbortSignal;
  /** Events read per batch while catching up. */
  batchSize?: number;
}

/** Marks that a subscription has delivered everything in the log: first when it goes live, then after each live delivery. */
export interface CaughtUp {
  caughtUp: true;
  position: string | undefined;
}

export type SubscriptionItem = RecordedEvent | CaughtUp;

/** The event-store port: every adapter implements this and passes the shared contract suite. */
export interface EventStore {
  appendToStream(
    stream: string,
    events: EventData[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult>;
  /** Several streams in one atomic append: all requests succeed or none is written. */
  appendToStreams(requests: AppendRequest[]): Promise<AppendResult[]>;
  /** A stream that does not exist reads as empty. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catch-up from `from` (exclusive), then live; yields a `caughtUp` marker whenever it reaches the end of the log after delivering. */
  subscribeToAll(options?: SubscribeOptions): AsyncIterable<SubscriptionItem>;
  /** Last position in the log, if any event exists. */
  headPosition(): Promise<string | undefined>;
  close(): Promise<void>;
}

export interface Checkpoint {
  position: string | undefined;
  /** Starts at 0 with the first save; a save names the version it read. */
  version: number;
}

/** Durable subscriber checkpoints; `save` with a stale version throws, so two copies of one processor cannot both advance. */
export interface CheckpointStore {
  load(name: string): Promise<Checkpoint | null>;
  save(name: string, position: string | undefined, expectedVersion: number | null): Promise<Checkpoint>;
}

export function isCaughtUp(item: SubscriptionItem): item is CaughtUp {
  return (item as CaughtUp).caughtUp === true;
}
