import pino, { type Logger } from 'pino';
import type { FormCatalogue } from '@statledger/domain';
import { DEFAULT_SOURCE_REGISTRY, loadFormCatalogue } from '@statledger/form-catalogue';
import { loadSourceRegistry, type SourceRegistry } from '@statledger/quality';
import { createReportService, createSourceService, createTargetService, createUnitRegistry, type ReportService, type SourceService, type TargetService, type UnitRegistry } from '@statledger/intake';
import type { SqliteEventStore } from '@statledger/event-store-sqlite';
import { openConfiguredStore } from './store.ts';

export interface Runtime {
  store: SqliteEventStore;
  catalogue: FormCatalogue;
  units: UnitRegistry;
  reports: ReportService;
  sources: SourceService;
  targets: TargetService;
  /** The source registry (数出一家), validated against the forms once at start-up. */
  sourceRegistry: SourceRegistry;
  logger: Logger;
  close(): Promise<void>;
}

/** Everything a command needs, wired once: store from configuration, forms and source registry validated at start-up, unit registry caught up. */
export async function openRuntime(options: { store?: string | undefined; logLevel?: string; now?: () => Date; service?: string } = {}): Promise<Runtime> {
  // Logs go to stderr, so stdout stays the command's answer.
  const logger = pino({ level: options.logLevel ?? process.env.LOG_LEVEL ?? 'warn', base: { service: options.service ?? 'statledger' } }, pino.destination(2));
  const catalogue = loadFormCatalogue();
  const sourceRegistry = loadSourceRegistry(DEFAULT_SOURCE_REGISTRY, catalogue);
  const store = openConfiguredStore(options.store, options.now ? { now: options.now } : {});
  const units = createUnitRegistry(store);
  await units.catchUp();
  const reports = createReportService({ store, catalogue, units });
  const sources = createSourceService({ store, catalogue, units });
  const targets = createTargetService({ store, catalogue, units });
  return { store, catalogue, units, reports, sources, targets, sourceRegistry, logger, close: () => store.close() };
}
