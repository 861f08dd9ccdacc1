import { createSqliteEventStore } from '../src/index.ts';

/** Opens a store from a connection string; the contract's child processes call this. */
export async function openStore(path: string) {
  const store = createSqliteEventStore({ path, pollIntervalMs: 20 });
  return { store, checkpoints: store.checkpoints };
}
