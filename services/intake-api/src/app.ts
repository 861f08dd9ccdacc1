import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { FormCatalogue } from '@statledger/domain';
import type { EventStore } from '@statledger/event-store';
import type { PrincipalDirectory, ReportService, UnitRegistry } from '@statledger/intake';
import { errorHandler } from './error-mapping.ts';
import { DEFAULT_AUTHENTICATION_LIMITS, registerAuthentication, type AuthenticationLimits } from './authentication.ts';
import { registerHealthRoutes } from './routes/health.ts';
import { registerReportRoutes } from './routes/reports.ts';
import { registerImportRoutes } from './routes/imports.ts';
import { registerQualityRoutes } from './routes/quality.ts';
import type { QualityView } from '@statledger/quality';
import type { DenominatorSource, LedgerReport, Statistics, Worklist, WorklistQuery } from '@statledger/read-models';
import type { UnitCode } from '@statledger/domain';
import { registerStatsRoutes } from './routes/stats.ts';
import { registerAuditRoutes } from './routes/audits.ts';
import { registerReferenceRoutes } from './routes/reference.ts';
import { registerSessionRoutes } from './routes/session.ts';
import { registerConsole } from './console.ts';
import { registerAssessmentRoutes } from './routes/assessments.ts';
import { registerFindingRoutes } from './routes/findings.ts';
import type { FindingsView } from '@statledger/followup';
import type { AssessmentService, SchemeCatalogue } from '@statledger/assessment';
import { createAuditService, createReportTimeline } from '@statledger/audit';

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
  /** Findings and their follow-up (GET /v1/findings…); without it the routes are absent. */
  findings?: FindingsView;
  /** A period's work list from the projection (GET /v1/reports); without it the route is absent. */
  worklist?: (query: WorklistQuery) => Promise<Worklist>;
}

export async function createIntakeApi(deps: IntakeApiDeps): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger is a FastifyBaseLogger; naming the wider type keeps one FastifyInstance type for all routes.
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: deps.jsonBodyLimit ?? 1_048_576,
    // Request ids are ours, never the client's (a client's own id is kept apart, see request-context.ts); they
    // appear in logs as `reqId` and in every response's x-request-id.
    requestIdHeader: false,
    genReqId: () => randomUUID(),
  });
  // CSV bodies reach the route as the raw stream, so a 100 MB upload is parsed as it arrives.
  app.addContentTypeParser(['text/csv', 'application/csv'], (_request, payload, done) => done(null, payload));
  app.setErrorHandler(errorHandler);
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  const signIn = await registerAuthentication(
    app,
    deps.principals,
    deps.authenticationLimits ?? DEFAULT_AUTHENTICATION_LIMITS,
    deps.secret,
  );
  const audits = createAuditService(deps);
  registerHealthRoutes(app, deps);
  registerSessionRoutes(app, { ...deps, signIn });
  registerReferenceRoutes(app, deps);
  registerReportRoutes(app, { ...deps, timeline: createReportTimeline({ ...deps, audits }) });
  registerAuditRoutes(app, { ...deps, audits });
  registerImportRoutes(app, { ...deps, csvBodyLimit: deps.csvBodyLimit ?? 512 * 1_048_576 });
  if (deps.quality) registerQualityRoutes(app, { ...deps, quality: deps.quality });
  if (deps.denominatorSource) registerStatsRoutes(app, { ...deps, denominatorSource: deps.denominatorSource });
  if (deps.assessments && deps.schemes)
    registerAssessmentRoutes(app, { ...deps, assessments: deps.assessments, schemes: deps.schemes });
  if (deps.findings) registerFindingRoutes(app, { ...deps, findings: deps.findings });
  await registerConsole(app);
  return app;
}
