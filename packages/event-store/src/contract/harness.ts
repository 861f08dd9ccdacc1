import { randomUUID } from 'node:crypto';
import type { CheckpointStore, EventData, EventStore, JsonObject } from '../types.ts';

export interface OpenedStore {
  store: EventStore;
  checkpoints: CheckpointStore;
}

/** What an adapter hands the contract suite. */
export interface ContractHarness {
  name: string;
  /** A fresh, empty store; `connection` reopens the same store (e.g. in a child process). */
  create(): Promise<OpenedStore & { connection?: string; dispose(): Promise<void> }>;
  /** Durable adapters: a module exporting `openStore(connection): Promise<OpenedStore>`, for the kill tests. */
  childModule?: string;
  /** Set when the adapter cannot run here; the suite prints this reason and skips. */
  unavailable?: string;
}

export function anEvent(type = 'ContractTested', data: JsonObject = {}): EventData {
  return {
    id: randomUUID(),
    type,
    data: { ...data },
    metadata: { principal: 'contract', channel: 'system', correlationId: 'contract' },
  };
}

export function events(n: number, type = 'ContractTested'): EventData[] {
  return Array.from({ length: n }, (_, i) => anEvent(type, { i }));
}

export async function readEverything(store: EventStore) {
  return store.readAll();
}
