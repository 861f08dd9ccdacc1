/** A projector in its own process, for the kill test: small batches, a line per committed batch. */
import { createSqliteEventStore } from '@statledger/event-store-sqlite';
import { loadFormCatalogue } from '@statledger/form-catalogue';
import { runProjector } from '@statledger/read-models';
import { createSqliteProjectionStore } from '../src/index.ts';

const store = createSqliteEventStore({ path: process.argv[2]! });
await runProjector({
  events: store,
  projections: createSqliteProjectionStore({ db: store.db }),
  catalogue: loadFormCatalogue(),
  isDenominatorSource: (_form: string, indicator: string, source: string) =>
    indicator === 'GDP' && source === 'statistics_bureau',
  stopWhenCaughtUp: true,
  batchEvents: 40,
  onBatch: (p: string | undefined) => console.log(`batch ${p}`),
});
console.log('caught up');
await store.close();
