import type pg from 'pg';
import { CheckpointConflictError, type Checkpoint, type CheckpointStore } from '@statledger/event-store';
import { storeError, type Queryable } from './connection.ts';

/** Checkpoints in the database, so a projection can save one in the same transaction as its rows. */
export interface PostgresCheckpointStore extends CheckpointStore {
  /** A save on the caller's connection, inside its transaction. */
  saveIn(
    client: pg.ClientBase,
    name: string,
    position: string | undefined,
    expectedVersion: number | null,
  ): Promise<Checkpoint>;
}

export function createPostgresCheckpointStore(pool: Queryable): PostgresCheckpointStore {
  async function saveIn(
    client: Queryable | pg.ClientBase,
    name: string,
    position: string | undefined,
    expectedVersion: number | null,
  ) {
    // One statement that advances only from the version read: two copies of a processor cannot both move it.
    const saved =
      expectedVersion === null
        ? await client.query<{ version: number }>(
            'INSERT INTO checkpoints (name, position, version) VALUES ($1, $2, 0) ON CONFLICT (name) DO NOTHING RETURNING version',
            [name, position ?? null],
          )
        : await client.query<{ version: number }>(
            'UPDATE checkpoints SET position = $2, version = version + 1 WHERE name = $1 AND version = $3 RETURNING version',
            [name, position ?? null, expectedVersion],
          );
    const row = saved.rows[0];
    if (row) return { position, version: row.version };
    const actual =
      (await client.query<{ version: number }>('SELECT version FROM checkpoints WHERE name = $1', [name])).rows[0]
        ?.version ?? null;
    throw new CheckpointConflictError(name, expectedVersion, actual);
  }
  return {
    async load(name) {
      const text = 'SELECT position, version FROM checkpoints WHERE name = $1';
      const row = (
        await pool
          .query<{ position: string | null; version: number }>(text, [name])
          .catch((e: unknown) => Promise.reject(storeError(e)))
      ).rows[0];
      return row ? { position: row.position ?? undefined, version: row.version } : null;
    },
    save: (name, position, expectedVersion) =>
      saveIn(pool, name, position, expectedVersion).catch((e: unknown) => Promise.reject(storeError(e))),
    saveIn,
  };
}
