import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  noticeHtml,
  noticeRows,
  type AssessmentService,
  type SchemeCatalogue,
  type ScorecardWithChange,
} from '@statledger/assessment';
import {
  assessmentEvidenceSchema,
  instantSchema,
  isWithinSubtree,
  periodSchema,
  unitCodeSchema,
  type AssessmentKey,
} from '@statledger/domain';
import { sequencePosition } from '@statledger/event-store';
import { csvStream } from '@statledger/feeds';
import { ForbiddenError, NotFoundError, authorize, validate, type Principal } from '@statledger/intake';
import type { IntakeApiDeps } from '../deps.ts';
import { principalOf } from '../authentication.ts';
import { requestContext } from '../request-context.ts';

const schemeParams = z.object({ scheme: z.string().min(1) });
const keyFields = { root: unitCodeSchema, period: periodSchema };
const cardQuery = z.object({
  ...keyFields,
  asOf: instantSchema.optional(),
  asOfPosition: z.string().regex(/^\d+$/).optional(),
});
const noticeQuery = z.object({ ...keyFields, format: z.enum(['html', 'csv']).default('html') });
const recordBody = z.object({
  ...keyFields,
  unit: unitCodeSchema,
  indicator: z.string().min(1),
  score: z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'points, e.g. 4 or 4.5')
    .optional(),
  vetoed: z.boolean().optional(),
  evidence: z.array(assessmentEvidenceSchema).max(50).default([]),
  reason: z.string().min(1).max(2_000),
});
const appealBody = z.object({
  ...keyFields,
  unit: unitCodeSchema,
  indicator: z.string().min(1),
  reason: z.string().min(1).max(2_000),
});
const decisionBody = z.object({
  ...keyFields,
  decision: z.enum(['upheld', 'rejected']),
  reason: z.string().min(1).max(2_000),
  score: z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .optional(),
});

/**
 * Assessments (考评与通报): assessors (auditor, bureau, admin over the root) see and score every unit, record
 * qualitative lines, decide appeals and publish; a unit's own people see their unit's card and rank, and appeal.
 */
export function registerAssessmentRoutes(
  app: FastifyInstance,
  deps: IntakeApiDeps & { assessments: AssessmentService; schemes: SchemeCatalogue },
) {
  const { assessments } = deps;
  const keyOf = (scheme: string, body: { root: string; period: string }): AssessmentKey => ({
    scheme,
    root: body.root as AssessmentKey['root'],
    period: body.period,
  });
  const actor = (request: Parameters<typeof requestContext>[0]) => {
    const ctx = requestContext(request);
    return { principal: ctx.principal.id, channel: 'api' as const, correlationId: ctx.correlationId };
  };
  const isAssessor = (principal: Principal, key: AssessmentKey) => {
    try {
      authorize(principal, 'assess', key.root);
      return true;
    } catch {
      return false;
    }
  };

  // The schemes, for a client to offer: names in both languages, who they assess, their groups and lines.
  app.get('/v1/assessments', async () => ({ schemes: [...deps.schemes.schemes.values()] }));

  app.get('/v1/assessments/:scheme', async (request) => {
    const principal = principalOf(request);
    const q = validate(cardQuery, request.query);
    const key = keyOf(validate(schemeParams, request.params).scheme, q);
    const asOf = q.asOf
      ? { instant: q.asOf }
      : q.asOfPosition
        ? { position: sequencePosition(BigInt(q.asOfPosition)) }
        : undefined;
    if (isAssessor(principal, key)) return assessments.scorecard(key, asOf);
    // Others see the units of their own subtree: their card, their rank among all.
    if (principal.unit === 'national') throw new ForbiddenError(`${principal.id} may not assess`);
    authorize(principal, 'read', principal.unit);
    const card = await assessments.scorecard(key, asOf);
    const own = card.units.filter((u) => isWithinSubtree(u.unit, principal.unit as AssessmentKey['root']));
    if (!own.length) throw new ForbiddenError(`${principal.id} is not assessed by ${key.scheme} under ${key.root}`);
    return { ...card, units: own };
  });

  app.post('/v1/assessments/:scheme/records', async (request, reply) => {
    const body = validate(recordBody, request.body);
    const key = keyOf(validate(schemeParams, request.params).scheme, body);
    authorize(principalOf(request), 'assess', key.root);
    const { root: _r, period: _p, ...line } = body;
    return reply.code(201).send(await assessments.record(key, line, actor(request)));
  });

  app.post('/v1/assessments/:scheme/appeals', async (request, reply) => {
    const body = validate(appealBody, request.body);
    const key = keyOf(validate(schemeParams, request.params).scheme, body);
    authorize(principalOf(request), 'appeal', body.unit);
    return reply
      .code(201)
      .send(
        await assessments.appeal(
          key,
          { unit: body.unit, indicator: body.indicator, reason: body.reason },
          actor(request),
        ),
      );
  });

  app.post('/v1/assessments/:scheme/appeals/:appealId/decision', async (request) => {
    const body = validate(decisionBody, request.body);
    const { scheme, appealId } = validate(schemeParams.extend({ appealId: z.string().min(1) }), request.params);
    const key = keyOf(scheme, body);
    authorize(principalOf(request), 'assess', key.root);
    const rescore = body.score === undefined ? undefined : { score: body.score, evidence: [], reason: body.reason };
    return assessments.decide(key, appealId, body.decision, body.reason, rescore, actor(request));
  });

  app.post('/v1/assessments/:scheme/publish', async (request, reply) => {
    const body = validate(z.object(keyFields), request.body);
    const key = keyOf(validate(schemeParams, request.params).scheme, body);
    authorize(principalOf(request), 'assess', key.root);
    return reply.code(201).send(await assessments.publish(key, actor(request)));
  });

  // A published notice is public within the assessed city: anyone who reads a unit of it, or above it.
  const readsNotice = (principal: Principal, key: AssessmentKey) =>
    principal.unit === 'national' ||
    isWithinSubtree(principal.unit as AssessmentKey['root'], key.root) ||
    isWithinSubtree(key.root, principal.unit as AssessmentKey['root']);

  app.get('/v1/assessments/:scheme/notice', async (request, reply) => {
    const q = validate(noticeQuery, request.query);
    const key = keyOf(validate(schemeParams, request.params).scheme, q);
    if (!readsNotice(principalOf(request), key))
      throw new ForbiddenError(`notices of ${key.root} are for its own units`);
    const notice = (await assessments.notices(key)).at(-1);
    if (!notice) throw new NotFoundError(`nothing published for ${key.scheme} ${key.root} ${key.period}`);
    const card = notice.notice as unknown as ScorecardWithChange;
    void reply.header(
      'content-disposition',
      `attachment; filename="${key.scheme}-${key.root}-${key.period}.${q.format}"`,
    );
    if (q.format === 'csv') return reply.type('text/csv; charset=utf-8').send(csvStream(noticeRows(card)));
    const html = noticeHtml(deps.schemes.get(key.scheme), card, {
      rootName: deps.units.get(key.root)?.name ?? key.root,
      contentHash: notice.contentHash,
    });
    return reply.type('text/html; charset=utf-8').send(html);
  });

  app.get('/v1/assessments/:scheme/verify', async (request) => {
    const q = validate(z.object(keyFields), request.query);
    const key = keyOf(validate(schemeParams, request.params).scheme, q);
    if (!readsNotice(principalOf(request), key))
      throw new ForbiddenError(`notices of ${key.root} are for its own units`);
    return { notices: await assessments.verify(key) };
  });
}
