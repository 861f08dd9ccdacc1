import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Kafka, logLevel } from 'kafkajs';
import { parseUnitCode } from '@statledger/domain';
import { createSqliteEventStore } from '@statledger/event-store-sqlite';
import { DEFAULT_SOURCE_REGISTRY, loadFormCatalogue } from '@statledger/form-catalogue';
import { createReportService, createUnitRegistry, importUnitsCsv, type Principal } from '@statledger/intake';
import { loadSourceRegistry } from '@statledger/quality';
import { runProjector, type ProjectionStore } from '@statledger/read-models';
import { createSqliteProjectionStore } from '@statledger/read-models-sqlite';
import { repoRoot } from '@statledger/testing';

export const admin: Principal = { id: 'admin', role: 'admin', unit: 'national' };
export const MONTHS = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'];
export const VILLAGES = [
  '110101001001',
  '110101001002',
  '110101001005',
  '110101001006',
  '110101002001',
  '110101002002',
].map(parseUnitCode);

export const valuesFor = (i: number) => ({
  SAN_ROAD_AREA: '3.2',
  SAN_WASTE_COLLECTED: String(100 + i),
  SAN_WASTE_HARMLESS: '90',
  SAN_NIGHT_SOIL: '21.5',
  SAN_CONSTRUCTION_WASTE: '40',
  SAN_PUBLIC_TOILETS: '6',
  SAN_CLEANERS: '18',
});

/** A store file with the example units and six months of village sanitation reports, projected. */
export async function feedFixture(path = join(mkdtempSync(join(tmpdir(), 'statledger-feeds-')), 'store.db')) {
  const store = createSqliteEventStore({ path, pollIntervalMs: 20 });
  const catalogue = loadFormCatalogue();
  const isDenominatorSource = loadSourceRegistry(DEFAULT_SOURCE_REGISTRY, catalogue).isDenominatorSource;
  const units = createUnitRegistry(store);
  await importUnitsCsv(
    Readable.from([readFileSync(join(repoRoot, 'examples/units.csv'))]),
    { store, units },
    { principal: admin },
  );
  const reports = createReportService({ store, catalogue, units });
  for (const period of MONTHS) {
    for (const [i, unitCode] of VILLAGES.entries()) {
      const key = { form: 'sanitation', unitCode, period };
      await reports.execute(
        key,
        { type: 'SubmitReport', ...key, values: valuesFor(i) },
        { principal: admin, channel: 'api' },
      );
    }
  }
  const projections: ProjectionStore = createSqliteProjectionStore({ db: store.db });
  const project = () =>
    runProjector({ events: store, projections, catalogue, isDenominatorSource, stopWhenCaughtUp: true });
  await project();
  return { path, store, projections, catalogue, isDenominatorSource, reports, project };
}

/** Every message on the topic from the beginning, read by a separate kafkajs consumer, once `done` says so. */
export async function consumeAll(
  brokers: string[],
  topic: string,
  done: (messages: { key: string; value: string }[]) => boolean,
  timeoutMs = 30_000,
) {
  const kafka = new Kafka({ clientId: 'statledger-test-consumer', brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `test-${Math.random().toString(36).slice(2)}` });
  const messages: { key: string; value: string }[] = [];
  // The publisher creates the topic on its first send; subscribe once it is there.
  const admin = kafka.admin();
  await admin.connect();
  for (const until = Date.now() + timeoutMs; !(await admin.listTopics()).includes(topic);) {
    if (Date.now() > until) throw new Error(`topic ${topic} did not appear within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await admin.disconnect();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const finished = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`only ${messages.length} messages within ${timeoutMs} ms`)),
      timeoutMs,
    );
    void consumer.run({
      eachMessage: async ({ message }) => {
        messages.push({ key: message.key!.toString(), value: message.value!.toString() });
        if (done(messages)) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  try {
    await finished;
  } finally {
    await consumer.disconnect();
  }
  return messages;
}
