// Runs the feed publisher against a store and a broker, and stops dead after the first batch is sent,
// before its progress is stored, so the parent can SIGKILL it there.
import pino from 'pino';
import { createSqliteEventStore } from '@statledger/event-store-sqlite';
import { createSqliteProjectionStore } from '@statledger/read-models-sqlite';
import { DEFAULT_SOURCE_REGISTRY, loadFormCatalogue } from '@statledger/form-catalogue';
import { loadSourceRegistry } from '@statledger/quality';
import { createKafkaSink, createMessageValidator, runFeedPublisher } from '../src/index.ts';

const [path, brokers, topic] = process.argv.slice(2) as [string, string, string];
const catalogue = loadFormCatalogue();
await runFeedPublisher({
  projections: createSqliteProjectionStore({ db: createSqliteEventStore({ path }).db }),
  catalogue,
  isDenominatorSource: loadSourceRegistry(DEFAULT_SOURCE_REGISTRY, catalogue).isDenominatorSource,
  sink: createKafkaSink({ brokers: [brokers], topic }),
  logger: pino({ level: 'warn' }),
  validate: createMessageValidator(),
  batchSize: 4,
  afterSend: async (batch) => {
    console.log(`SENT ${batch.map((m) => m.key).join(',')}`);
    await new Promise(() => {});
  },
});
