import pino, { type Logger } from 'pino';
import type { FormCatalogue } from '@statledger/domain';
import { loadFormCatalogue } from '@statledger/form-catalogue';
import { createReportService, createUnitRegistry, type ReportService, type UnitRegistry } from '@statledger/intake';
import type { SqliteEventStore } from '@statledger/event-store-sqlite';
import { openConfiguredStore } from './open-store.ts';

export interface Runtime {
  store: SqliteEventStore;
  catalogue: FormCatalogue;
  units: UnitRegistry;
  reports: ReportService;
  logger: Logger;
  close(): Promise<void>;
}

/** Everything a command needs, wired once: store from configuration, forms validated at start-up, registry caught up. */
export async function openRuntime(options: { store?: string | undefined; logLevel?: string } = {}): Promise<Runtime> {
  // Logs go to stderr, so stdout stays the command's answer.
  const logger = pino({ level: options.logLevel ?? process.env.LOG_LEVEL ?? 'warn', base: { service: 'statledger' } }, pino.destination(2));
  const catalogue = loadFormCatalogue();
  const store = openConfiguredStore(options.store);
  const units = createUnitRegistry(store);
  await units.catchUp();
  const reports = createReportService({ store, catalogue, units });
  return { store, catalogue, units, reports, logger, close: () => store.close() };
}
