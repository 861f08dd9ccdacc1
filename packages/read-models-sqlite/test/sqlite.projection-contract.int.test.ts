import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProjectionStoreContract } from '@statledger/read-models/contract';
import { createSqliteProjectionStore } from '../src/index.ts';

runProjectionStoreContract({
  name: 'sqlite',
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'statledger-projection-contract-'));
    const projections = createSqliteProjectionStore({ path: join(dir, 'read-models.db') });
    return {
      projections,
      async dispose() {
        await projections.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
});
