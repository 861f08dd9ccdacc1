import type { Database } from 'better-sqlite3';

export const SCHEMA_VERSION = 1;

/**
 * `events` is the global log: `position` is the 0-based sequence, `(stream, revision)` and `id` are unique.
 * A stream's last revision is read from the `(stream, revision)` index, so no second table must agree with it.
 */
export function migrate(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS events (
      position    INTEGER PRIMARY KEY,
      id          TEXT    NOT NULL UNIQUE,
      stream      TEXT    NOT NULL,
      revision    INTEGER NOT NULL,
      type        TEXT    NOT NULL,
      data        TEXT    NOT NULL,
      metadata    TEXT    NOT NULL,
      recorded_at TEXT    NOT NULL,
      hash        TEXT    NOT NULL,
      UNIQUE (stream, revision)
    );
  `);
  createCheckpointsTable(db);
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(
      `the store was written by a newer statledger (schema ${current}, this one knows ${SCHEMA_VERSION}); upgrade statledger`,
    );
  }
  if (current < SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
}

/** Processors' checkpoints, versioned so that two copies of one processor cannot both advance one. */
export function createCheckpointsTable(db: Database): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position TEXT, version INTEGER NOT NULL) WITHOUT ROWID',
  );
}
