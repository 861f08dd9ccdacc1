import type { OpenedStore } from '@statledger/event-store/contract';
import { createPostgresEventStore } from '../src/index.ts';

/** Opens a store from a connection string; the contract's child processes call this. */
export async function openStore(connectionString: string): Promise<OpenedStore> {
  const store = await createPostgresEventStore({ connectionString, pollIntervalMs: 50 });
  return { store, checkpoints: store.checkpoints };
}
