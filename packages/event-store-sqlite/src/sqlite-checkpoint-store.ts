import type { Database } from 'better-sqlite3';
import { CheckpointConflictError, type Checkpoint, type CheckpointStore } from '@statledger/event-store';

/** Checkpoints in the store's own file, so a projection can save one in the same transaction as its writes. */
export interface SqliteCheckpointStore extends CheckpointStore {
  /** For use inside a caller's transaction (better-sqlite3 nests it as a savepoint). */
  saveSync(name: string, position: string | undefined, expectedVersion: number | null): Checkpoint;
}

export function createSqliteCheckpointStore(db: Database): SqliteCheckpointStore {
  const select = db.prepare<[string], { position: string | null; version: number }>(
    'SELECT position, version FROM checkpoints WHERE name = ?',
  );
  const upsert = db.prepare(
    'INSERT INTO checkpoints (name, position, version) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position, version = excluded.version',
  );
  const save = db.transaction(
    (name: string, position: string | undefined, expectedVersion: number | null): Checkpoint => {
      const current = select.get(name);
      const actual = current?.version ?? null;
      if (actual !== expectedVersion) throw new CheckpointConflictError(name, expectedVersion, actual);
      const next = { position, version: actual === null ? 0 : actual + 1 };
      upsert.run(name, position ?? null, next.version);
      return next;
    },
  );
  return {
    async load(name) {
      const row = select.get(name);
      return row ? { position: row.position ?? undefined, version: row.version } : null;
    },
    async save(name, position, expectedVersion) {
      return save.immediate(name, position, expectedVersion);
    },
    saveSync: (name, position, expectedVersion) => save(name, position, expectedVersion),
  };
}
