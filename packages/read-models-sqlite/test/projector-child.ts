/** A projector in its own process, for the kill test: small batches, a line per committed batch. */
import { createSqliteEventStore } from '@statledger/event-store-sqlite';
import { loadFormCatalogue } from '@statledger/form-catalogue';
import { runProjector } from '../src/index.ts';

const store = createSqliteEventStore({ path: process.argv[2]! });
await runProjector({ store, catalogue: loadFormCatalogue(), isDenominatorSource: (form, indicator, source) => indicator === 'GDP' && source === 'statistics_bureau', stopWhenCaughtUp: true, batchEvents: 40, onBatch: (p) => console.log(`batch ${p}`) });
console.log('caught up');
await store.close();
