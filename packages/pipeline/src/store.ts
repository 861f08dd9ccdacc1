import { DEFAULT_STORE, createSqliteEventStore, parseStoreUrl, type SqliteEventStore } from '@statledger/event-store-sqlite';

/** The store named by `--store` or `STATLEDGER_STORE` (default: the embedded SQLite file). */
export function openConfiguredStore(url: string | undefined = process.env.STATLEDGER_STORE, options: { now?: () => Date } = {}): SqliteEventStore {
  const location = parseStoreUrl(url || DEFAULT_STORE);
  if (location.kind === 'kurrentdb') {
    throw new Error('this build of statledger has no KurrentDB adapter yet; set STATLEDGER_STORE=sqlite:PATH');
  }
  return createSqliteEventStore({ path: location.path, ...options });
}
