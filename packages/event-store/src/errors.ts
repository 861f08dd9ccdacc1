import type { ExpectedRevision } from './types.ts';

/** A stale writer: the stream's revision is not what the append expected. Never a silent overwrite. */
export class WrongExpectedRevisionError extends Error {
  readonly code = 'WRONG_EXPECTED_REVISION';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** The stream's current last revision, or 'no_stream'. */
    readonly actual: bigint | 'no_stream',
  ) {
    super(
      `stream ${stream}: expected revision ${String(expected)} but the stream is at ${String(actual)}; re-read the stream and decide again`,
    );
    this.name = 'WrongExpectedRevisionError';
  }
}

/** An event id reused for different content or in another stream: ids are idempotency keys, not reusable. */
export class DuplicateEventIdError extends Error {
  readonly code = 'DUPLICATE_EVENT_ID';
  constructor(
    readonly eventId: string,
    readonly stream: string,
    detail: string,
  ) {
    super(`event id ${eventId} (stream ${stream}): ${detail}`);
    this.name = 'DuplicateEventIdError';
  }
}

export class CheckpointConflictError extends Error {
  readonly code = 'CHECKPOINT_CONFLICT';
  constructor(
    readonly checkpoint: string,
    readonly expectedVersion: number | null,
    readonly actualVersion: number | null,
  ) {
    super(
      `checkpoint ${checkpoint}: expected version ${expectedVersion ?? 'none'} but found ${actualVersion ?? 'none'}; another copy of this processor is advancing it`,
    );
    this.name = 'CheckpointConflictError';
  }
}

export class InvalidAppendError extends Error {
  readonly code = 'INVALID_APPEND';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAppendError';
  }
}

/**
 * The store did not answer or would not take writes (down, restarting, failing over, a standby): nothing is known
 * to be wrong with the request, which may be sent again; an append retried with the same event ids is idempotent.
 */
export class StoreUnavailableError extends Error {
  readonly code = 'STORE_UNAVAILABLE';
  constructor(detail: string, options?: { cause: unknown }) {
    super(`the store is unavailable (${detail}); try again shortly`, options);
    this.name = 'StoreUnavailableError';
  }
}
