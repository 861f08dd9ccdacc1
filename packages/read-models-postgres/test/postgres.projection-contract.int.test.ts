import { runProjectionStoreContract } from '@statledger/read-models/contract';
import { freshPostgresSchema, postgresUnavailable } from '@statledger/testing';
import { createPostgresProjectionStore } from '../src/index.ts';

const unavailable = await postgresUnavailable();

// Twice: rows written as arrays in one INSERT (live batches), and through COPY (a rebuild's large batches).
for (const [name, copyFromRows] of [
  ['postgres', undefined],
  ['postgres, every row through COPY', 1],
] as const) {
  runProjectionStoreContract({
    name,
    ...(unavailable ? { unavailable } : {}),
    async create() {
      const schema = await freshPostgresSchema('projections');
      const projections = await createPostgresProjectionStore({
        connectionString: schema.url,
        ...(copyFromRows ? { copyFromRows } : {}),
      });
      return {
        projections,
        async dispose() {
          await projections.close();
          await schema.drop();
        },
      };
    },
  });
}
