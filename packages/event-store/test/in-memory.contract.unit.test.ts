import { runEventStoreContract } from '../src/contract/index.ts';
import { createInMemoryEventStore } from '../src/index.ts';

runEventStoreContract({
  name: 'in-memory',
  async create() {
    const store = createInMemoryEventStore();
    return { store, checkpoints: store.checkpoints, dispose: () => store.close() };
  },
});
