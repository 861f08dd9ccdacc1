import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { indicatorValueInputSchema, targetStreamName, unitCodeSchema } from '@statledger/domain';
import { validate, type TargetService } from '@statledger/intake';
import type { IntakeApiDeps } from '../deps.ts';
import { commandResultJson } from '../json.ts';
import { requestContext } from '../request-context.ts';

const targetBody = z.object({
  form: z.string().min(1),
  indicator: z.string().min(1),
  unitCode: unitCodeSchema,
  year: z.number().int().min(2000).max(2100),
  value: indicatorValueInputSchema,
  reason: z.string().trim().min(1).max(2_000).optional(),
});

/** Annual targets (目标任务分解): set or revised by the tiers above a unit, with a reason for a revision. */
export function registerTargetRoutes(app: FastifyInstance, deps: IntakeApiDeps & { targets: TargetService }) {
  app.post('/v1/targets', async (request, reply) => {
    const { value, reason, ...key } = validate(targetBody, request.body);
    const result = await deps.targets.set(key, value, requestContext(request), reason);
    if (!result) return reply.code(200).send({ stream: targetStreamName(key), unchanged: true });
    const { reportId: stream, ...rest } = commandResultJson(result);
    return reply.code(result.replayed ? 200 : 201).send({ stream, ...rest });
  });
}
