import Database from 'better-sqlite3';
import { tierOf, type UnitCode } from '@statledger/domain';
import {
  applyStorePragmas,
  createCheckpointsTable,
  createSqliteCheckpointStore,
  ownerOnlyFile,
} from '@statledger/event-store-sqlite';
import { PROJECTOR, type AggregateRow, type ProjectionStore } from '@statledger/read-models';
import { clearTables, createTables, dumpTables, restoreLedger } from './tables.ts';
import { createRowWriter } from './row-writer.ts';

/**
 * The projections in SQLite: a file of their own, or the embedded store's file (`db`, shared with the events,
 * one connection). Rows, aggregates and the projector's checkpoint commit in one SQLite transaction.
 */
export function createSqliteProjectionStore(
  options: { path: string } | { db: Database.Database },
): ProjectionStore & { db: Database.Database } {
  const owned = 'path' in options;
  if (owned && options.path !== ':memory:') ownerOnlyFile(options.path);
  const db = owned ? new Database(options.path) : options.db;
  if (owned) applyStorePragmas(db, 'normal');
  createCheckpointsTable(db);
  createTables(db);
  db.exec(
    'CREATE TABLE IF NOT EXISTS feed_published (publisher TEXT NOT NULL, key TEXT NOT NULL, revision INTEGER NOT NULL, position TEXT NOT NULL, PRIMARY KEY (publisher, key)) WITHOUT ROWID',
  );
  const checkpoints = createSqliteCheckpointStore(db);
  const writeRows = createRowWriter(db);
  const commit = db.transaction((batch: Parameters<ProjectionStore['commit']>[0]) => {
    writeRows(batch);
    return checkpoints.saveSync(PROJECTOR, batch.checkpoint.position, batch.checkpoint.expectedVersion);
  });
  const clear = db.transaction(() => {
    clearTables(db);
    db.prepare('DELETE FROM checkpoints WHERE name = ?').run(PROJECTOR);
  });
  const statements = {
    aggregates: db.prepare<[], { key: string; revision: number }>('SELECT key, revision FROM rm_aggregates'),
    pending: db
      .prepare<[string, number], AggregateRow>(
        `SELECT a.key, a.revision, a.position FROM rm_aggregates a LEFT JOIN feed_published p ON p.publisher = ? AND p.key = a.key
       WHERE p.revision IS NULL OR p.revision < a.revision ORDER BY a.position, a.key LIMIT ?`,
      )
      .raw(true),
    revision: db.prepare<[string], { revision: number }>('SELECT revision FROM rm_aggregates WHERE key = ?'),
    markSent: db.prepare(
      'INSERT INTO feed_published (publisher, key, revision, position) VALUES (?, ?, ?, ?) ON CONFLICT (publisher, key) DO UPDATE SET revision = excluded.revision, position = excluded.position',
    ),
    units: db.prepare<[], [string]>('SELECT code FROM rm_units ORDER BY code').raw(true),
  };
  const markSent = db.transaction((publisher: string, sent: readonly AggregateRow[]) => {
    for (const [key, revision, position] of sent) statements.markSent.run(publisher, key, revision, position);
  });
  return {
    kind: 'sqlite',
    db,
    checkpoints,
    outbox: {
      pending: async (publisher, limit) => statements.pending.all(publisher, limit),
      revisions: async (keys) =>
        new Map(
          keys.flatMap((key) => {
            const row = statements.revision.get(key);
            return row ? [[key, row.revision] as const] : [];
          }),
        ),
      markSent: async (publisher, sent) => void markSent.immediate(publisher, sent),
    },
    restore: async (ledger, scope) => restoreLedger(db, ledger, scope),
    aggregateRevisions: async () => new Map(statements.aggregates.all().map((a) => [a.key, a.revision])),
    commit: async (batch) => commit.immediate(batch),
    clear: async () => void clear.immediate(),
    dump: async () => dumpTables(db),
    unitsOfTier: async (tier) =>
      statements.units
        .all()
        .map(([code]) => code as UnitCode)
        .filter((code) => tierOf(code) === tier),
    close: async () => {
      if (owned) db.close();
    },
  };
}
