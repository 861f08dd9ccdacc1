import pino, { type Logger } from 'pino';
import type { FormCatalogue } from '@statledger/domain';
import {
  DEFAULT_ASSESSMENTS_DIR,
  DEFAULT_FOLLOW_UP_POLICY,
  DEFAULT_SOURCE_REGISTRY,
  loadFormCatalogue,
} from '@statledger/form-catalogue';
import { createFindingsView, loadFollowUpPolicy, type FindingsView, type FollowUpPolicy } from '@statledger/followup';
import {
  createAssessmentService,
  loadSchemes,
  type AssessmentService,
  type SchemeCatalogue,
} from '@statledger/assessment';
import { loadSourceRegistry, type SourceRegistry } from '@statledger/quality';
import {
  createFollowUpService,
  createReportService,
  createSourceService,
  createTargetService,
  createUnitRegistry,
  type FollowUpService,
  type Principal,
  type ReportService,
  type SourceService,
  type TargetService,
  type UnitRegistry,
} from '@statledger/intake';
import type { EventStore } from '@statledger/event-store';
import type { ProjectionStore } from '@statledger/read-models';
import { openStores } from './store.ts';
import { loadSecret } from './secret-file.ts';

/** What the pipeline's followers (quality worker, projector, feed publisher, deadline sweeper) and read-only commands need. */
export interface LogRuntime {
  /** The event log: every command appends here, every follower reads from here. */
  store: EventStore;
  /** The log's name in anchors: its store, without credentials. */
  log: string;
  /** The read side's rows, the processors' checkpoints and the feed's outbox: never joined with the log. */
  projections: ProjectionStore;
  catalogue: FormCatalogue;
  /** The source registry (数出一家), validated against the forms once at start-up. */
  sourceRegistry: SourceRegistry;
  /** The assessment schemes (考评办法), validated at start-up. */
  schemes: SchemeCatalogue;
  /** Due dates of findings by severity, and the tolerance of structural acceptances (schemas/followup.json). */
  followUpPolicy: FollowUpPolicy;
  logger: Logger;
  /** The server secret (never in the database): keys covert plan ids and the chain-head anchors' MACs. */
  secret: Buffer;
  close(): Promise<void>;
}

/** A log runtime with the unit registry caught up and the command services: what submits and registers. */
export interface Runtime extends LogRuntime {
  units: UnitRegistry;
  reports: ReportService;
  sources: SourceService;
  targets: TargetService;
  assessments: AssessmentService;
  /** Findings and their follow-up, caught up on each question. */
  findings: FindingsView;
  followUp: FollowUpService;
}

export interface RuntimeOptions {
  store?: string | undefined;
  projections?: string | undefined;
  /** Who may be assigned a finding (the API's principals); without it, assignments are refused. */
  principalById?: (id: string) => Principal | undefined;
  /** False: the unit registry is caught up later by the caller (an API listens first, then catches up). */
  catchUpUnits?: boolean;
  logLevel?: string;
  now?: () => Date;
  service?: string;
}

/** Stores from configuration, forms and source registry validated at start-up; no unit registry. */
export async function openLogRuntime(options: RuntimeOptions = {}): Promise<LogRuntime> {
  // Logs go to stderr, so stdout stays the command's answer.
  const logger = pino(
    { level: options.logLevel ?? process.env.LOG_LEVEL ?? 'warn', base: { service: options.service ?? 'statledger' } },
    pino.destination(2),
  );
  const catalogue = loadFormCatalogue();
  const sourceRegistry = loadSourceRegistry(DEFAULT_SOURCE_REGISTRY, catalogue);
  const schemes = loadSchemes(DEFAULT_ASSESSMENTS_DIR);
  const followUpPolicy = loadFollowUpPolicy(DEFAULT_FOLLOW_UP_POLICY);
  const stores = await openStores({
    store: options.store,
    projections: options.projections,
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    store: stores.events,
    log: stores.log,
    projections: stores.projections,
    catalogue,
    sourceRegistry,
    schemes,
    followUpPolicy,
    logger,
    secret: loadSecret(),
    close: () => stores.close(),
  };
}

/**
 * Everything a command that writes needs, wired once: the log runtime and the unit registry caught up (the
 * country's 665,000 units take some 13 s of reading and 300 MiB, which the log's followers need not pay).
 */
export async function openRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const runtime = await openLogRuntime(options);
  const { store, catalogue } = runtime;
  const units = createUnitRegistry(store);
  if (options.catchUpUnits !== false) await units.catchUp();
  const reports = createReportService({ store, catalogue, units, ...(options.now ? { now: options.now } : {}) });
  const sources = createSourceService({ store, catalogue, units });
  const targets = createTargetService({ store, catalogue, units });
  const assessments = createAssessmentService({
    store,
    catalogue,
    isDenominatorSource: runtime.sourceRegistry.isDenominatorSource,
    schemes: runtime.schemes,
  });
  const findings = createFindingsView(store, runtime.followUpPolicy);
  const followUp = createFollowUpService({
    store,
    view: findings,
    ...(options.principalById ? { principalById: options.principalById } : {}),
  });
  return { ...runtime, units, reports, sources, targets, assessments, findings, followUp };
}
