import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  closeAuditRequestSchema,
  planAuditRequestSchema,
  recordFindingRequestSchema,
  type AuditContext,
  type AuditService,
} from '@statledger/audit';
import { validate } from '@statledger/intake';
import type { IntakeApiDeps } from '../deps.ts';
import { requestContext } from '../request-context.ts';
import { principalOf } from '../authentication.ts';

const planParams = z.object({ planId: z.string().min(1) });

/** Spot checks (抽查): plans, their samples and replay, findings and closing; covert plans answer 404 to the audited. */
export function registerAuditRoutes(app: FastifyInstance, { audits }: IntakeApiDeps & { audits: AuditService }) {
  const context = (request: FastifyRequest): AuditContext => requestContext(request);
  const planIdOf = (request: FastifyRequest) => validate(planParams, request.params).planId;

  app.post('/v1/audits', async (request, reply) => {
    const ctx = context(request);
    const result = await audits.plan(validate(planAuditRequestSchema, request.body), ctx);
    return reply.code(result.created ? 201 : 200).send(result);
  });
  app.get('/v1/audits', async (request) => ({ plans: await audits.register(principalOf(request)) }));
  app.get('/v1/audits/:planId', async (request) => audits.show(planIdOf(request), principalOf(request)));
  app.get('/v1/audits/:planId/replay', async (request) => audits.replay(planIdOf(request), principalOf(request)));
  // Whether a plan exists is answered before its body is looked at, alike for hidden and made-up plans.
  app.post('/v1/audits/:planId/findings', async (request, reply) => {
    const ctx = context(request);
    await audits.assertVisible(planIdOf(request), ctx.principal);
    const result = await audits.recordFinding(
      planIdOf(request),
      validate(recordFindingRequestSchema, request.body),
      ctx,
    );
    return reply.code(result.appended ? 201 : 200).send(result);
  });
  app.post('/v1/audits/:planId/close', async (request) => {
    const ctx = context(request);
    await audits.assertVisible(planIdOf(request), ctx.principal);
    return audits.close(planIdOf(request), validate(closeAuditRequestSchema, request.body).summary, ctx);
  });
}
