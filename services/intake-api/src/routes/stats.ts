import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { periodSchema, unitCodeSchema } from '@statledger/domain';
import { sequencePosition } from '@statledger/event-store';
import { authorize, validate } from '@statledger/intake';
import { statisticsAsOf, type DenominatorSource } from '@statledger/read-models';
import type { IntakeApiDeps } from '../app.ts';

const params = z.object({ form: z.string().min(1) });
const query = z.object({
  unit: unitCodeSchema,
  period: periodSchema,
  asOf: z.iso.datetime({ offset: true, message: 'asOf is an ISO-8601 instant such as 2025-04-03T12:00:00+08:00' }).optional(),
  asOfPosition: z.string().regex(/^\d+$/, 'asOfPosition is a log position (a whole number)').optional(),
});

export function registerStatsRoutes(app: FastifyInstance, deps: IntakeApiDeps & { denominatorSource: DenominatorSource }) {
  app.get('/v1/stats/:form', async (request) => {
    const principal = deps.principals.authenticate(request.headers.authorization);
    const { form } = validate(params, request.params);
    const q = validate(query, request.query);
    authorize(principal, 'read', q.unit);
    deps.catalogue.get(form);
    const asOf = q.asOf ? { instant: new Date(q.asOf).toISOString() } : q.asOfPosition ? { position: sequencePosition(BigInt(q.asOfPosition)) } : undefined;
    if (!asOf && deps.currentStatistics) return deps.currentStatistics({ form, unit: q.unit, period: q.period });
    return statisticsAsOf(deps.store, deps.catalogue, deps.denominatorSource, { form, unit: q.unit, period: q.period, ...(asOf ? { asOf } : {}) });
  });
}
