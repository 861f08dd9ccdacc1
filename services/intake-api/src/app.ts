import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { errorHandler } from './error-mapping.ts';
import { DEFAULT_AUTHENTICATION_LIMITS, registerAuthentication } from './authentication.ts';
import type { IntakeApiDeps } from './deps.ts';

export type { IntakeApiDeps };
import { registerHealthRoutes } from './routes/health.ts';
import { registerReportRoutes } from './routes/reports.ts';
import { registerImportRoutes } from './routes/imports.ts';
import { registerQualityRoutes } from './routes/quality.ts';
import { registerStatsRoutes } from './routes/stats.ts';
import { registerAuditRoutes } from './routes/audits.ts';
import { registerReferenceRoutes } from './routes/reference.ts';
import { registerSessionRoutes } from './routes/session.ts';
import { registerConsole } from './console.ts';
import { registerAssessmentRoutes } from './routes/assessments.ts';
import { registerFindingRoutes } from './routes/findings.ts';
import { registerTargetRoutes } from './routes/targets.ts';
import { createAuditService, createReportTimeline } from '@statledger/audit';

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
  if (deps.targets) registerTargetRoutes(app, { ...deps, targets: deps.targets });
  if (deps.findings) registerFindingRoutes(app, { ...deps, findings: deps.findings });
  await registerConsole(app);
  return app;
}
