import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { instantSchema, parsePeriod, periodSchema, tierOf, unitCodeSchema } from '@statledger/domain';
import { sequencePosition } from '@statledger/event-store';
import { authorize, validate } from '@statledger/intake';
import { bulletinHtml, cityBulletin, statisticsAsOf, type DenominatorSource } from '@statledger/read-models';
import type { IntakeApiDeps } from '../deps.ts';
import type { UnitCode } from '@statledger/domain';
import { csvStream, sdmxCsvStream, sdmxObservations } from '@statledger/feeds';
import { principalOf } from '../authentication.ts';

const params = z.object({ form: z.string().min(1) });
const query = z.object({
  unit: unitCodeSchema,
  period: periodSchema,
  asOf: instantSchema.optional(),
  asOfPosition: z.string().regex(/^\d+$/, 'asOfPosition is a log position (a whole number)').optional(),
});

const sdmxQuery = z.object({ period: periodSchema, unit: unitCodeSchema.optional() });
const bulletinQuery = z.object({
  city: unitCodeSchema.refine((code) => tierOf(code) === 'city', 'a city code, such as 1101'),
  period: periodSchema.refine((period) => parsePeriod(period).type === 'quarter', 'a quarter, such as 2025-Q1'),
  format: z.enum(['html', 'csv']).default('html'),
});

export function registerStatsRoutes(
  app: FastifyInstance,
  deps: IntakeApiDeps & { denominatorSource: DenominatorSource },
) {
  const present = (query: { form: string; unit: UnitCode; period: string }) =>
    deps.currentStatistics?.(query) ?? statisticsAsOf(deps.store, deps.catalogue, deps.denominatorSource, query);

  // SDMX-CSV 2.0 of city and district figures, streamed: one city (?unit=) or every city the principal may read.
  app.get('/v1/feeds/sdmx/:form', async (request, reply) => {
    const principal = principalOf(request);
    const form = deps.catalogue.get(validate(params, request.params).form);
    const q = validate(sdmxQuery, request.query);
    const cities = q.unit
      ? [q.unit]
      : principal.unit === 'national'
        ? deps.units.ofTier('city').map((u) => u.code)
        : [principal.unit];
    cities.forEach((city) => authorize(principal, 'read', city));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${form.code}-${q.period}.sdmx.csv"`)
      .send(sdmxCsvStream(sdmxObservations(form, q.period, cities, present)));
  });

  // The quarterly bulletin of a city (统计公报), as `statledger bulletin` writes it: an HTML page to print, or CSV.
  app.get('/v1/bulletin', async (request, reply) => {
    const q = validate(bulletinQuery, request.query);
    authorize(principalOf(request), 'read', q.city);
    const names = (unit: UnitCode) => deps.units.get(unit)?.name ?? unit;
    const { title, rows } = await cityBulletin(deps.catalogue, names, present, q.city, q.period);
    const filename = `bulletin-${q.city}-${q.period}.${q.format}`;
    void reply.header('content-disposition', `attachment; filename="${filename}"`);
    if (q.format === 'html') return reply.type('text/html; charset=utf-8').send(bulletinHtml(title, rows));
    return reply.type('text/csv; charset=utf-8').send(csvStream(rows));
  });

  app.get('/v1/stats/:form', async (request) => {
    const principal = principalOf(request);
    const { form } = validate(params, request.params);
    const q = validate(query, request.query);
    authorize(principal, 'read', q.unit);
    deps.catalogue.get(form);
    const asOf = q.asOf
      ? { instant: q.asOf }
      : q.asOfPosition
        ? { position: sequencePosition(BigInt(q.asOfPosition)) }
        : undefined;
    if (!asOf && deps.currentStatistics) return deps.currentStatistics({ form, unit: q.unit, period: q.period });
    return statisticsAsOf(deps.store, deps.catalogue, deps.denominatorSource, {
      form,
      unit: q.unit,
      period: q.period,
      ...(asOf ? { asOf } : {}),
    });
  });
}
