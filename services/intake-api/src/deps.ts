import type { Logger } from 'pino';
import type { FormCatalogue, UnitCode } from '@statledger/domain';
import type { EventStore } from '@statledger/event-store';
import type { PrincipalDirectory, ReportService, TargetService, UnitRegistry } from '@statledger/intake';
import type { QualityView } from '@statledger/quality';
import type { DenominatorSource, LedgerReport, Statistics, Worklist, WorklistQuery } from '@statledger/read-models';
import type { FindingsView } from '@statledger/followup';
import type { AssessmentService, SchemeCatalogue } from '@statledger/assessment';
import type { AuthenticationLimits } from './authentication.ts';

/** What the API is made of: the runtime's services, and the optional parts whose routes are absent without them. */
export interface IntakeApiDeps {
  store: EventStore;
  catalogue: FormCatalogue;
  units: UnitRegistry;
  reports: ReportService;
  principals: PrincipalDirectory;
  logger: Logger;
  /** The server secret: keys plan ids (see createAuditService). */
  secret: Uint8Array;
  /** JSON bodies above this many bytes get 413. */
  jsonBodyLimit?: number;
  /** CSV uploads above this many bytes get 413 (they are streamed, so this guards disk and time, not memory). */
  csvBodyLimit?: number;
  /** The quality view behind GET /v1/quality; without it the route is absent. */
  quality?: QualityView;
  /** Which source publishes each denominator (GET /v1/stats); without it the route is absent. */
  denominatorSource?: DenominatorSource;
  /** Whether the API is ready, and what /readyz says; without it, ready once the store answers. */
  readiness?: () => Promise<{ ready: boolean; body: Record<string, unknown> }>;
  /** Failed authentications per client address and window before the address gets 429. */
  authenticationLimits?: AuthenticationLimits;
  /** The present figures from a projection; without it they are folded from the log like past ones. */
  currentStatistics?: (query: { form: string; unit: UnitCode; period: string }) => Promise<Statistics>;
  /** The projection's reports of a form under a unit for some periods (GET /v1/quality/digits); without it, absent. */
  reportsOf?: (query: { form: string; unit: UnitCode; periods: string[] }) => Promise<LedgerReport[]>;
  /** Assessments and their schemes (GET /v1/assessments…); without them the routes are absent. */
  assessments?: AssessmentService;
  schemes?: SchemeCatalogue;
  /** Annual targets (POST /v1/targets); without it the route is absent. */
  targets?: TargetService;
  /** Findings and their follow-up (GET /v1/findings…); without it the routes are absent. */
  findings?: FindingsView;
  /** A period's work list from the projection (GET /v1/reports); without it the route is absent. */
  worklist?: (query: WorklistQuery) => Promise<Worklist>;
}
