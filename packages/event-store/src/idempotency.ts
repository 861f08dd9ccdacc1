import { DuplicateEventIdError, InvalidAppendError } from './errors.ts';
import type { AppendRequest, AppendResult, EventData } from './types.ts';

export interface StoredIdentity {
  id: string;
  stream: string;
  revision: bigint;
  position: string;
}

/**
 * Decides what an append whose event ids are (partly) in the log already means.
 * All ids present, in this stream, consecutively and in order: a retry, answered with the original result.
 * Some present, or present elsewhere: a reuse of ids, which is an error rather than a guess.
 * Returns null when no id is present (an ordinary append).
 */
export function resolveRetry(request: AppendRequest, found: StoredIdentity[]): AppendResult | null {
  if (found.length === 0) return null;
  const byId = new Map(found.map((f) => [f.id, f]));
  const stored = request.events.map((e) => byId.get(e.id));
  const first = stored[0];
  const isRetry =
    first !== undefined &&
    stored.every((s, i) => s !== undefined && s.stream === request.stream && s.revision === first.revision + BigInt(i));
  if (!isRetry) {
    const clash = found[0]!;
    throw new DuplicateEventIdError(
      clash.id,
      request.stream,
      clash.stream === request.stream
        ? 'some events of this batch were appended before and others were not; retry the original batch unchanged'
        : `already used in stream ${clash.stream}; event ids are unique across the log`,
    );
  }
  const last = stored[stored.length - 1]!;
  return { stream: request.stream, nextExpectedRevision: last.revision, position: last.position, appended: false };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Shape checks every adapter applies before touching storage. */
export function assertAppendable(request: AppendRequest): void {
  if (!request.stream || request.stream.length > 512)
    throw new InvalidAppendError('a stream name is 1 to 512 characters');
  if (request.events.length === 0) throw new InvalidAppendError(`append to ${request.stream} has no events`);
  const seen = new Set<string>();
  for (const event of request.events) {
    if (!UUID.test(event.id)) throw new InvalidAppendError(`event id '${event.id}' is not a UUID`);
    if (seen.has(event.id)) throw new InvalidAppendError(`event id ${event.id} appears twice in one append`);
    seen.add(event.id);
    if (!event.type) throw new InvalidAppendError('every event has a type');
  }
}

export function eventIds(requests: AppendRequest[]): string[] {
  const ids = requests.flatMap((r) => r.events.map((e: EventData) => e.id));
  if (new Set(ids).size !== ids.length)
    throw new InvalidAppendError('an event id appears in two requests of one append');
  return ids;
}
