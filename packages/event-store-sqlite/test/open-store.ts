import type { OpenedStore } from '@statledger/event-store/contract';
import { createSqliteEventStore } from '../src/index.ts';

/** Opens a store from a connection string; the contract's child processes call this. */
export async function openStore(path: string): Promise<OpenedStore> {
  const store = createSqliteEventStore({ path, pollIntervalMs: 20 });
  return { store, checkpoints: store.checkpoints };
}
