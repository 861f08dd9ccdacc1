import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { followUpEvidenceSchema, instantSchema, periodSchema, unitCodeSchema, type UnitCode } from '@statledger/domain';
import { sequencePosition } from '@statledger/event-store';
import { csvStream } from '@statledger/feeds';
import {
  InvalidCursorError,
  qualityTrend,
  queueItemOf,
  type FindingsView,
  type FollowUpCommand,
  type FollowUpStatus,
  type QueueFilter,
} from '@statledger/followup';
import {
  authorize,
  authorizeAction,
  createFollowUpService,
  RequestValidationError,
  validate,
} from '@statledger/intake';
import type { IntakeApiDeps } from '../deps.ts';
import { principalOf } from '../authentication.ts';
import { requestContext } from '../request-context.ts';

const STATES = ['open', 'explained', 'accepted', 'resolved', 'superseded'] as const;
const text = (max: number) => z.string().trim().min(1).max(max);
const asOfFields = { asOf: instantSchema.optional(), asOfPosition: z.string().regex(/^\d+$/).optional() };

const queueQuery = z.object({
  under: unitCodeSchema.optional(),
  period: periodSchema.optional(),
  form: z.string().min(1).optional(),
  code: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]*$/)
    .optional(),
  severity: z.enum(['error', 'warning', 'info']).optional(),
  /** Comma-separated states, or 'all'; the active ones (open, explained) by default. */
  state: z
    .string()
    .transform((s) => (s === 'all' ? [...STATES] : s.split(',')))
    .pipe(z.array(z.enum(STATES)).min(1))
    .optional(),
  assignee: z.string().min(1).optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
  cursor: z.string().min(1).max(2_000).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});
const trendQuery = z.object({
  under: unitCodeSchema.optional(),
  form: z.string().min(1).optional(),
  from: periodSchema.optional(),
  to: periodSchema.optional(),
  ...asOfFields,
});
const idParams = z.object({ id: z.string().min(1).max(200) });

const bodies = {
  explain: z.object({ explanation: text(2_000), evidence: z.array(followUpEvidenceSchema).max(20).default([]) }),
  accept: z.object({ scope: z.enum(['value', 'structural']).default('value'), note: text(2_000).optional() }),
  reject: z.object({ reason: text(2_000), auditFindingRef: z.string().min(1).max(500).optional() }),
  assign: z.object({ assignee: z.string().min(1).max(200), note: text(2_000).optional() }),
  escalate: z.object({ reason: text(2_000) }),
  reopen: z.object({ reason: text(2_000) }),
};

/**
 * Findings as work (GET /v1/findings…): queues in severity and impact order that page without limit, each
 * principal's own work, quality over time, and the follow-up steps, each by the role and subtree that may take it.
 */
export function registerFindingRoutes(app: FastifyInstance, deps: IntakeApiDeps & { findings: FindingsView }) {
  const { findings } = deps;
  const followUp = createFollowUpService({
    store: deps.store,
    view: findings,
    principalById: (id) => deps.principals.byId(id),
  });
  const underOf = (request: FastifyRequest, under: UnitCode | undefined): UnitCode | 'national' => {
    const principal = principalOf(request);
    const root = under ?? principal.unit;
    if (root === 'national') authorizeAction(principal, 'read');
    else authorize(principal, 'read', root);
    return root;
  };
  const asOfOf = (q: { asOf?: string | undefined; asOfPosition?: string | undefined }) =>
    q.asOf ? { instant: q.asOf } : q.asOfPosition ? { position: sequencePosition(BigInt(q.asOfPosition)) } : undefined;

  const page = async (request: FastifyRequest, filter: QueueFilter, q: z.output<typeof queueQuery>) => {
    try {
      return await findings.queue(filter, { limit: q.limit, cursor: q.cursor, now: new Date() });
    } catch (error) {
      if (error instanceof InvalidCursorError)
        throw new RequestValidationError([{ path: ['cursor'], message: error.message }]);
      throw error;
    }
  };

  app.get('/v1/findings', async (request, reply) => {
    const q = validate(queueQuery, request.query);
    const filter: QueueFilter = {
      under: underOf(request, q.under),
      period: q.period,
      form: q.form,
      code: q.code,
      severity: q.severity,
      states: q.state as FollowUpStatus[] | undefined,
      assignee: q.assignee,
      overdue: q.overdue,
    };
    if (q.format === 'csv') {
      // Every matching finding, in queue order: an export has no pages.
      const all = await findings.queue(filter, { limit: Number.MAX_SAFE_INTEGER, now: new Date() });
      void reply.header(
        'content-disposition',
        `attachment; filename="findings-${filter.under}${q.period ? `-${q.period}` : ''}.csv"`,
      );
      return reply.type('text/csv; charset=utf-8').send(csvStream(all.items));
    }
    return page(request, filter, q);
  });

  app.get('/v1/findings/mine', async (request) => {
    const q = validate(queueQuery, request.query);
    const principal = principalOf(request);
    return page(
      request,
      {
        under: underOf(request, undefined),
        period: q.period,
        form: q.form,
        mine: { id: principal.id, role: principal.role, unit: principal.unit },
      },
      q,
    );
  });

  app.get('/v1/findings/trend', async (request) => {
    const q = validate(trendQuery, request.query);
    const under = underOf(request, q.under);
    return qualityTrend(await findings.at(asOfOf(q)), under, {
      ...(q.form ? { form: q.form } : {}),
      ...(q.from ? { from: q.from } : {}),
      ...(q.to ? { to: q.to } : {}),
    });
  });

  app.get('/v1/findings/:id', async (request) => {
    const { id } = validate(idParams, request.params);
    const { f, fold } = await followUp.findingOf(id, principalOf(request));
    return {
      ...queueItemOf(fold, f, findings.policy, new Date()),
      family: f.family,
      evidence: f.evidence,
      supersedes: f.supersedes ?? null,
      supersededBy: f.supersededBy ?? null,
      resolvedReason: f.resolvedReason ?? null,
      explanationDetail: f.explanation ?? null,
      revision: f.followUpRevision === null ? null : Number(f.followUpRevision),
      steps: f.steps,
    };
  });

  const step = <K extends keyof typeof bodies>(
    path: K,
    toCommand: (body: z.output<(typeof bodies)[K]>) => FollowUpCommand,
  ) =>
    app.post(`/v1/findings/:id/${path}`, async (request, reply) => {
      const { id } = validate(idParams, request.params);
      const body = validate(bodies[path], request.body ?? {}) as z.output<(typeof bodies)[K]>;
      const result = await followUp.execute(id, toCommand(body), requestContext(request));
      return reply.code(result.replayed ? 200 : 201).send(result);
    });
  step('explain', (b) => ({ type: 'Explain', explanation: b.explanation, evidence: b.evidence }));
  step('accept', (b) => ({ type: 'Accept', scope: b.scope, ...(b.note ? { note: b.note } : {}) }));
  step('reject', (b) => ({
    type: 'Reject',
    reason: b.reason,
    ...(b.auditFindingRef ? { auditFindingRef: b.auditFindingRef } : {}),
  }));
  step('assign', (b) => ({ type: 'Assign', assignee: b.assignee, ...(b.note ? { note: b.note } : {}) }));
  step('escalate', (b) => ({ type: 'Escalate', reason: b.reason }));
  step('reopen', (b) => ({ type: 'Reopen', reason: b.reason }));
}
