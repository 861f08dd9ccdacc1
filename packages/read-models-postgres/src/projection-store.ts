import type pg from 'pg';
import { tierOf, type UnitCode } from '@statledger/domain';
import {
  createPostgresCheckpointStore,
  inTransaction,
  openPool,
  query,
  type PostgresOptions,
} from '@statledger/event-store-postgres';
import { PROJECTOR, type AggregateRow, type ProjectionStore } from '@statledger/read-models';
import { clearTables, createTables, dumpTables, restoreLedger } from './tables.ts';
import { writeRows } from './row-writer.ts';
import { upsertRows } from './bulk-upsert.ts';

/**
 * The projections in PostgreSQL: in the events' database (`pool`, shared) or one of their own. Rows, aggregates
 * and the projector's checkpoint commit in one transaction; every read of several tables reads one snapshot.
 */
export async function createPostgresProjectionStore(
  options: (PostgresOptions | { pool: pg.Pool }) & { copyFromRows?: number },
): Promise<ProjectionStore & { pool: pg.Pool }> {
  const owned = !('pool' in options);
  const pool = 'pool' in options ? options.pool : await openPool(options);
  const client = await pool.connect();
  try {
    await createTables(client);
  } finally {
    client.release();
  }
  const checkpoints = createPostgresCheckpointStore(pool);
  const snapshot = <T>(work: (client: pg.PoolClient) => Promise<T>) =>
    inTransaction(pool, (client) => work(client), { mode: 'snapshot' });
  const feedTable = {
    name: 'feed_published',
    columns: ['publisher', 'key', 'revision', 'position'],
    types: ['text', 'text', 'bigint', 'text'],
    key: ['publisher', 'key'],
    onConflict: 'update',
  } as const;

  return {
    kind: 'postgres',
    pool,
    checkpoints,
    outbox: {
      async pending(publisher, limit) {
        const result = await query<[string, string, string]>(pool, {
          text: `SELECT a.key, a.revision, a.position FROM rm_aggregates a
                 LEFT JOIN feed_published p ON p.publisher = $1 AND p.key = a.key
                 WHERE p.revision IS NULL OR p.revision < a.revision ORDER BY a.position, a.key LIMIT $2`,
          values: [publisher, limit],
          rowMode: 'array',
        });
        return result.rows.map(([key, revision, position]): AggregateRow => [key, Number(revision), position]);
      },
      async revisions(keys) {
        const result = await query<{ key: string; revision: string }>(pool, {
          text: 'SELECT key, revision FROM rm_aggregates WHERE key = ANY($1::text[])',
          values: [keys],
        });
        return new Map(result.rows.map((r) => [r.key, Number(r.revision)]));
      },
      async markSent(publisher, sent) {
        await inTransaction(pool, (tx) =>
          upsertRows(
            tx,
            feedTable,
            sent.map(([key, revision, position]) => [publisher, key, revision, position]),
          ),
        );
      },
    },
    restore: (ledger, scope) => snapshot((tx) => restoreLedger(tx, ledger, scope)),
    async aggregateRevisions() {
      const result = await query<{ key: string; revision: string }>(pool, {
        text: 'SELECT key, revision FROM rm_aggregates',
      });
      return new Map(result.rows.map((r) => [r.key, Number(r.revision)]));
    },
    commit: (batch) =>
      inTransaction(pool, async (tx) => {
        // The checkpoint first: a second projector waits on its row and is refused as stale before writing any row.
        const saved = await checkpoints.saveIn(
          tx,
          PROJECTOR,
          batch.checkpoint.position,
          batch.checkpoint.expectedVersion,
        );
        await writeRows(tx, batch, options.copyFromRows);
        return saved;
      }),
    clear: () =>
      inTransaction(pool, async (tx) => {
        await clearTables(tx);
        await tx.query('DELETE FROM checkpoints WHERE name = $1', [PROJECTOR]);
      }),
    dump: () => snapshot(dumpTables),
    async unitsOfTier(tier) {
      const result = await query<[string]>(pool, { text: 'SELECT code FROM rm_units ORDER BY code', rowMode: 'array' });
      return result.rows.map(([code]) => code as UnitCode).filter((code) => tierOf(code) === tier);
    },
    async close() {
      if (owned && !pool.ended) await pool.end();
    },
  };
}
