import { randomUUID } from 'node:crypto';
import {
  uuidFromName,
  type EventStore,
  type ExpectedRevision,
  type JsonObject,
  type RecordedEvent,
} from '@statledger/event-store';
import { IdempotencyKeyReusedError } from './errors.ts';
import type { Principal } from './principals.ts';

export type Channel = 'api' | 'csv' | 'cli';

/** Who sends a command, through which door, and how a retry of it is recognised. */
export interface CommandContext {
  principal: Principal;
  channel: Channel;
  correlationId?: string;
  /** The id the client gave its request, kept beside the server's correlation id. */
  clientRequestId?: string;
  /** A retried request with the same key (from the same principal) appends nothing and returns the first result. */
  idempotencyKey?: string;
  /** The revision the caller last saw; a stale one is a conflict. */
  expectedRevision?: bigint;
}

export interface CommandResult {
  stream: string;
  /** Revision of the stream after the command. */
  revision: bigint;
  position: string;
  events: { id: string; type: string; revision: bigint }[];
  /** True when this answers a retry: nothing new was appended. */
  replayed: boolean;
}

export interface PreparedCommand {
  stream: string;
  expectedRevision: ExpectedRevision;
  events: { id: string; type: string; data: JsonObject; metadata: JsonObject }[];
}

/** The metadata every command's events carry: who, through which door, the correlation and the retry key. */
export function commandMetadata(ctx: CommandContext, extra: JsonObject = {}): JsonObject {
  const metadata: JsonObject = {
    principal: ctx.principal.id,
    channel: ctx.channel,
    correlationId: ctx.correlationId ?? randomUUID(),
    ...(ctx.clientRequestId ? { clientRequestId: ctx.clientRequestId } : {}),
    ...(ctx.idempotencyKey ? { idempotencyKey: ctx.idempotencyKey } : {}),
    ...extra,
  };
  // In key order, as canonical JSON writes it: the chain then serialises it as it is, without a sort.
  return Object.fromEntries(
    Object.keys(metadata)
      .sort()
      .map((key) => [key, metadata[key]!]),
  );
}

/** The id of a command's i-th event: from the principal and the idempotency key when there is one, so a retry repeats it. */
export const commandEventId = (ctx: CommandContext, i: number): string =>
  ctx.idempotencyKey ? uuidFromName(`idempotency:${ctx.principal.id}:${ctx.idempotencyKey}:${i}`) : randomUUID();

/**
 * The one way a command becomes events: read the stream, answer a retry with the first result (refusing a key
 * reused for another request, when `requestHash` says what the request was), else decide on the history and give
 * the events their ids and metadata, to append at the revision read (or the one the caller saw). Appending is the
 * caller's, alone (`executeCommand`) or in a batch with others.
 */
export async function prepareCommand(
  store: Pick<EventStore, 'readStream'>,
  stream: string,
  ctx: CommandContext,
  decide: (history: RecordedEvent[]) => { type: string; data: unknown }[] | Promise<{ type: string; data: unknown }[]>,
  options: { requestHash?: string; metadata?: JsonObject } = {},
): Promise<{ replay: CommandResult } | { prepared: PreparedCommand }> {
  const history = await store.readStream(stream);
  if (ctx.idempotencyKey) {
    const first = commandEventId(ctx, 0);
    const earlier = history.findIndex((e) => e.id === first);
    if (earlier >= 0) {
      if (options.requestHash && history[earlier]!.metadata.requestHash !== options.requestHash) {
        throw new IdempotencyKeyReusedError(
          `Idempotency-Key ${ctx.idempotencyKey} was used for a different request; use a new key for a new request`,
        );
      }
      const run = history
        .slice(earlier)
        .filter((e) => e.metadata.idempotencyKey === ctx.idempotencyKey && e.metadata.principal === ctx.principal.id);
      return { replay: resultOf(stream, run) };
    }
  }
  const decided = await decide(history);
  const metadata = commandMetadata(ctx, {
    ...(options.requestHash ? { requestHash: options.requestHash } : {}),
    ...options.metadata,
  });
  return {
    prepared: {
      stream,
      expectedRevision: ctx.expectedRevision ?? history.at(-1)?.revision ?? 'no_stream',
      events: decided.map((e, i) => ({
        id: commandEventId(ctx, i),
        type: e.type,
        data: e.data as JsonObject,
        metadata,
      })),
    },
  };
}

/**
 * Appends what `prepareCommand` decided: a retry is answered with its first result; a command that decided nothing
 * (a target set to the value it has) appends nothing and answers null.
 */
export async function executeCommand(
  store: Pick<EventStore, 'appendToStream'>,
  outcome: { replay: CommandResult } | { prepared: PreparedCommand },
): Promise<CommandResult | null> {
  if ('replay' in outcome) return outcome.replay;
  const { stream, events, expectedRevision } = outcome.prepared;
  if (events.length === 0) return null;
  const appended = await store.appendToStream(stream, events, { expectedRevision });
  return resultOfAppend(outcome.prepared, appended.nextExpectedRevision, appended.position);
}

export function resultOfAppend(prepared: PreparedCommand, lastRevision: bigint, lastPosition: string): CommandResult {
  const first = lastRevision - BigInt(prepared.events.length) + 1n;
  return {
    stream: prepared.stream,
    revision: lastRevision,
    position: lastPosition,
    events: prepared.events.map((e, i) => ({ id: e.id, type: e.type, revision: first + BigInt(i) })),
    replayed: false,
  };
}

function resultOf(stream: string, events: RecordedEvent[]): CommandResult {
  const last = events.at(-1)!;
  return {
    stream,
    revision: last.revision,
    position: last.position,
    events: events.map((e) => ({ id: e.id, type: e.type, revision: e.revision })),
    replayed: true,
  };
}
