import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { periodSchema, unitCodeSchema } from '@statledger/domain';
import { authorize, validate } from '@statledger/intake';
import type { QualityView } from '@statledger/quality';
import type { IntakeApiDeps } from '../app.ts';
import { principalOf } from '../authentication.ts';

const query = z.object({ unit: unitCodeSchema, period: periodSchema, form: z.string().min(1).optional() });

export function registerQualityRoutes(app: FastifyInstance, { quality }: IntakeApiDeps & { quality: QualityView }) {
  app.get('/v1/quality', async (request) => {
    const principal = principalOf(request);
    const { unit, period, form } = validate(query, request.query);
    authorize(principal, 'read', unit);
    return quality.summary(unit, period, form);
  });
}
