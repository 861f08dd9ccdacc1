import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  containingPeriod,
  formatPeriod,
  monthsOf,
  parsePeriod,
  periodSchema,
  tierOf,
  unitCodeSchema,
} from '@statledger/domain';
import { RequestValidationError, authorize, validate } from '@statledger/intake';
import { digitProfile, type QualityView } from '@statledger/quality';
import type { IntakeApiDeps } from '../deps.ts';
import { principalOf } from '../authentication.ts';

const query = z.object({ unit: unitCodeSchema, period: periodSchema, form: z.string().min(1).optional() });
const digitsQuery = z.object({ unit: unitCodeSchema, period: periodSchema, form: z.string().min(1) });

export function registerQualityRoutes(app: FastifyInstance, deps: IntakeApiDeps & { quality: QualityView }) {
  const { quality, reportsOf, catalogue } = deps;
  app.get('/v1/quality', async (request) => {
    const principal = principalOf(request);
    const { unit, period, form } = validate(query, request.query);
    authorize(principal, 'read', unit);
    return quality.summary(unit, period, form);
  });

  // The digits behind the district fabrication screens: the villages' values of each screened indicator in the
  // quarter holding the period, for the first-digit and terminal-digit charts.
  if (reportsOf) {
    app.get('/v1/quality/digits', async (request) => {
      const q = validate(digitsQuery, request.query);
      authorize(principalOf(request), 'read', q.unit);
      if (tierOf(q.unit) !== 'district')
        throw new RequestValidationError([
          { path: ['query', 'unit'], message: 'digit screens are per district: give a district code' },
        ]);
      const form = catalogue.get(q.form);
      const quarter = containingPeriod(parsePeriod(q.period), 'quarter');
      const periods = form.periodType === 'month' ? monthsOf(quarter).map(formatPeriod) : [formatPeriod(quarter)];
      const villages = (await reportsOf({ form: q.form, unit: q.unit, periods })).filter(
        (r) => tierOf(r.unitCode) === 'village',
      );
      const screened = form.indicators.filter((i) => 'digitScreening' in i && i.digitScreening);
      return {
        unit: q.unit,
        window: formatPeriod(quarter),
        indicators: screened.map((i) =>
          digitProfile(
            i.code,
            villages.flatMap((r) =>
              r.values[i.code] === undefined ? [] : [{ unit: r.unitCode, value: r.values[i.code]! }],
            ),
          ),
        ),
      };
    });
  }
}
