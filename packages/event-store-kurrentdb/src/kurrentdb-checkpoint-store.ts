import {
  BACKWARDS,
  END,
  NO_STREAM,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  type KurrentDBClient,
} from '@kurrent/kurrentdb-client';
import { CheckpointConflictError, type Checkpoint, type CheckpointStore } from '@statledger/event-store';

export type KurrentCheckpointStore = CheckpointStore;

/** A checkpoint is a stream `{namespace}-checkpoint-{name}`; its version is the stream revision, so a stale save conflicts. */
export function createKurrentCheckpointStore(client: KurrentDBClient, ns: string): KurrentCheckpointStore {
  const streamOf = (name: string) => `${ns}-checkpoint-${name}`;
  async function load(name: string): Promise<Checkpoint | null> {
    try {
      for await (const resolved of client.readStream(streamOf(name), {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: 1,
      })) {
        if (resolved.event) {
          const data = resolved.event.data as { position: string | null };
          return { position: data.position ?? undefined, version: Number(resolved.event.revision) };
        }
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return null;
  }
  return {
    load,
    async save(name, position, expectedVersion) {
      try {
        const result = await client.appendToStream(
          streamOf(name),
          jsonEvent({ type: '$statledger-checkpoint', data: { position: position ?? null } }),
          {
            streamState: expectedVersion === null ? NO_STREAM : BigInt(expectedVersion),
          },
        );
        return { position, version: Number(result.nextExpectedRevision) };
      } catch (error) {
        if (error instanceof WrongExpectedVersionError)
          throw new CheckpointConflictError(name, expectedVersion, (await load(name))?.version ?? null);
        throw error;
      }
    },
  };
}
