import { DEFAULT_STORE, createSqliteEventStore, parseStoreUrl, type SqliteEventStore } from '@statledger/event-store-sqlite';
import { createKurrentEventStore } from '@statledger/event-store-kurrentdb';

/**
 * The store named by `--store` or `STATLEDGER_STORE` (default: the embedded SQLite file). On KurrentDB the
 * events live in the cluster, while read models and checkpoints stay in a SQLite file of this host
 * (`STATLEDGER_READ_MODELS`, default ./data/read-models.db), so a projection's rows and checkpoint still
 * commit in one transaction.
 */
export function openConfiguredStore(url: string | undefined = process.env.STATLEDGER_STORE, options: { now?: () => Date } = {}): SqliteEventStore {
  const location = parseStoreUrl(url || DEFAULT_STORE);
  if (location.kind === 'sqlite') return createSqliteEventStore({ path: location.path, ...options });
  const events = createKurrentEventStore({ connectionString: location.connectionString, namespace: process.env.STATLEDGER_NAMESPACE ?? 'statledger', ...options });
  const local = createSqliteEventStore({ path: process.env.STATLEDGER_READ_MODELS ?? './data/read-models.db' });
  return {
    ...events,
    db: local.db,
    checkpoints: local.checkpoints,
    async close() {
      await events.close();
      await local.close();
    },
  };
}
