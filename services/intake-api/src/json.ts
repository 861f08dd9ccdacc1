import type { RecordedEvent } from '@statledger/event-store';
import type { CommandResult } from '@statledger/intake';

/** JSON has no bigint: revisions go out as numbers (they stay far below 2^53), positions as their opaque strings. */
export function commandResultJson(result: CommandResult) {
  return {
    reportId: result.stream,
    revision: Number(result.revision),
    position: result.position,
    replayed: result.replayed,
    events: result.events.map((e) => ({ id: e.id, type: e.type, revision: Number(e.revision) })),
  };
}

export function recordedEventJson(event: RecordedEvent) {
  return {
    id: event.id,
    type: event.type,
    revision: Number(event.revision),
    position: event.position,
    recordedAt: event.recordedAt,
    data: event.data,
    metadata: event.metadata,
    hash: event.hash,
  };
}
