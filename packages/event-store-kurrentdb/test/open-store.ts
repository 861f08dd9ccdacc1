import type { OpenedStore } from '@statledger/event-store/contract';
import { createKurrentEventStore } from '../src/index.ts';

/** `URL#namespace`, as the contract's child processes receive it. */
export async function openStore(connection: string): Promise<OpenedStore> {
  const [url, namespace] = connection.split('#') as [string, string];
  const store = createKurrentEventStore({ connectionString: url, namespace, pollIntervalMs: 50 });
  return { store, checkpoints: store.checkpoints };
}
