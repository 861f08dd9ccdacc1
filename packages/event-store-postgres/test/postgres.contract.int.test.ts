import { fileURLToPath } from 'node:url';
import { runEventStoreContract } from '@statledger/event-store/contract';
import { freshPostgresSchema, postgresUnavailable } from '@statledger/testing';
import { createPostgresEventStore } from '../src/index.ts';

const unavailable = await postgresUnavailable();

runEventStoreContract({
  name: 'postgres',
  ...(unavailable ? { unavailable } : {}),
  childModule: fileURLToPath(new URL('./open-store.ts', import.meta.url)),
  async create() {
    // A schema of its own per test: an empty store on the shared server.
    const schema = await freshPostgresSchema('contract');
    const store = await createPostgresEventStore({ connectionString: schema.url, pollIntervalMs: 50 });
    return {
      store,
      checkpoints: store.checkpoints,
      connection: schema.url,
      async dispose() {
        await store.close();
        await schema.drop();
      },
    };
  },
});
