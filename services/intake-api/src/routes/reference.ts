import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parentOf, tierOf, unitCodeSchema, type UnitCode } from '@statledger/domain';
import { authorize, NotFoundError, validate } from '@statledger/intake';
import type { IntakeApiDeps } from '../deps.ts';
import { principalOf } from '../authentication.ts';

const unitQuery = z.object({ under: unitCodeSchema.optional() });

/** What a client needs to build its forms and unit pickers: the form definitions and the unit registry. */
export function registerReferenceRoutes(
  app: FastifyInstance,
  { catalogue, units }: Pick<IntakeApiDeps, 'catalogue' | 'units'>,
) {
  // Forms are the same for everyone: names, units, help and the rules the server checks values against.
  app.get('/v1/forms', async () => ({ forms: [...catalogue.forms.values()] }));

  // A unit and its children; without `under`, the principal's own unit (the cities, for a national one).
  app.get('/v1/units', async (request) => {
    const principal = principalOf(request);
    const describe = (code: UnitCode) => ({
      code,
      name: units.get(code)?.name ?? null,
      tier: tierOf(code),
      parentCode: parentOf(code),
    });
    const { under = principal.unit === 'national' ? undefined : principal.unit } = validate(unitQuery, request.query);
    if (under === undefined) return { unit: null, children: units.ofTier('city').map((city) => describe(city.code)) };
    authorize(principal, 'read', under);
    const unit = await units.find(under);
    if (!unit) throw new NotFoundError(`unit ${under} is not in the registry`);
    return { unit: describe(unit.code), children: units.children(under).map((child) => describe(child.code)) };
  });
}
