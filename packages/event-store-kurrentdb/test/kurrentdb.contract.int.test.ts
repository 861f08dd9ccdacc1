import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { runEventStoreContract } from '@statledger/event-store/contract';
import { createKurrentEventStore } from '../src/index.ts';
import { kurrentDbAvailability } from './availability.ts';

// A real KurrentDB: KURRENTDB_URL if set, else a container when a Docker engine answers; otherwise one visible skip line.
const availability = await kurrentDbAvailability();
afterAll(async () => availability.stop?.());

runEventStoreContract({
  name: 'kurrentdb',
  ...(availability.url ? {} : { unavailable: availability.reason }),
  childModule: fileURLToPath(new URL('./open-store.ts', import.meta.url)),
  async create() {
    // A fresh namespace per test: an empty store on a shared server.
    const connection = `${availability.url}#${randomUUID().slice(0, 8)}`;
    const store = createKurrentEventStore({
      connectionString: availability.url!,
      namespace: connection.split('#')[1]!,
      pollIntervalMs: 50,
    });
    return { store, checkpoints: store.checkpoints, connection, dispose: () => store.close() };
  },
});
