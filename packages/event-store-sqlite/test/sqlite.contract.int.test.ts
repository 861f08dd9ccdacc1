import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runEventStoreContract } from '@statledger/event-store/contract';
import { createSqliteEventStore } from '../src/index.ts';

runEventStoreContract({
  name: 'sqlite',
  childModule: fileURLToPath(new URL('./open-store.ts', import.meta.url)),
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'statledger-contract-'));
    const path = join(dir, 'store.db');
    const store = createSqliteEventStore({ path, pollIntervalMs: 20 });
    return {
      store,
      checkpoints: store.checkpoints,
      connection: path,
      async dispose() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
});
