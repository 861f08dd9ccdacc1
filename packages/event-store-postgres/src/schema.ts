import type pg from 'pg';
import { GENESIS_HASH } from '@statledger/event-store';

/** One lock for every statledger schema change in the database, so nodes starting together migrate one at a time. */
const MIGRATION_LOCK = 0x53544c44;

/**
 * Brings one part of the schema ('events', 'projections') to `version` inside a transaction that holds the migration
 * lock: `upgrade` runs when the database holds an older version (or none), and a newer one is refused.
 */
export async function migratePart(
  client: pg.PoolClient,
  part: string,
  version: number,
  upgrade: (from: number | undefined) => Promise<void>,
): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS statledger_schema (part TEXT PRIMARY KEY, version INTEGER NOT NULL)',
    );
    const found = (
      await client.query<{ version: number }>('SELECT version FROM statledger_schema WHERE part = $1', [part])
    ).rows[0]?.version;
    if (found !== undefined && found > version) {
      throw new Error(
        `the ${part} in this database were written by a newer statledger (schema ${found}, this one knows ${version}); upgrade statledger`,
      );
    }
    if (found !== version) {
      await upgrade(found);
      await client.query(
        'INSERT INTO statledger_schema (part, version) VALUES ($1, $2) ON CONFLICT (part) DO UPDATE SET version = excluded.version',
        [part, version],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

export const EVENTS_SCHEMA_VERSION = 1;

/**
 * `events` is the global log: `position` the 0-based sequence, `(stream, revision)` and `id` unique. Data and metadata
 * are kept as the canonical JSON text the hash was taken over (jsonb would reorder and re-space it). `chain_head` is
 * one row, the last position and hash: every append locks it first, so appends take positions one after another
 * and commit in that order, and a follower reading `position > p` never sees a later event before an earlier one.
 */
export async function migrateEvents(client: pg.PoolClient): Promise<void> {
  await migratePart(client, 'events', EVENTS_SCHEMA_VERSION, async () => {
    await client.query(`
      CREATE TABLE IF NOT EXISTS events (
        position    BIGINT PRIMARY KEY,
        id          TEXT   NOT NULL UNIQUE,
        stream      TEXT   NOT NULL,
        revision    BIGINT NOT NULL,
        type        TEXT   NOT NULL,
        data        TEXT   NOT NULL,
        metadata    TEXT   NOT NULL,
        recorded_at TEXT   NOT NULL,
        hash        TEXT   NOT NULL,
        UNIQUE (stream, revision)
      );
      CREATE TABLE IF NOT EXISTS chain_head (
        singleton BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
        position  BIGINT NOT NULL,
        hash      TEXT   NOT NULL
      );
    `);
    await client.query('INSERT INTO chain_head (position, hash) VALUES (-1, $1) ON CONFLICT DO NOTHING', [
      GENESIS_HASH,
    ]);
    await createCheckpointsTable(client);
  });
}

/** Processors' checkpoints, versioned so that two copies of one processor cannot both advance one. */
export async function createCheckpointsTable(client: pg.ClientBase): Promise<void> {
  await client.query(
    'CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position TEXT, version INTEGER NOT NULL)',
  );
}
