import { randomUUID } from 'node:crypto';
import {
  decideTarget,
  reportedIndicators,
  targetStreamName,
  type FormCatalogue,
  type TargetKey,
} from '@statledger/domain';
import { uuidFromName, type EventStore, type JsonObject } from '@statledger/event-store';
import { NotFoundError, RequestValidationError } from './errors.ts';
import { authorize, type Principal } from './principals.ts';
import type { UnitRegistry } from './unit-registry.ts';

/** Annual targets per indicator and unit: set by the tiers above (administrators and approvers of the subtree). */
export function createTargetService(deps: { store: EventStore; catalogue: FormCatalogue; units: UnitRegistry }) {
  return {
    /** With an idempotency key, a retried request whose event is already in the stream appends nothing. */
    async prepare(
      key: TargetKey,
      value: string,
      principal: Principal,
      options: { reason?: string | undefined; idempotencyKey?: string } = {},
    ) {
      authorize(principal, 'approve', key.unitCode);
      const form = deps.catalogue.get(key.form);
      if (!reportedIndicators(form).some((i) => i.code === key.indicator))
        throw new RequestValidationError([
          { path: ['indicator'], message: `${key.indicator} is not a reported indicator of form ${form.code}` },
        ]);
      if (!(await deps.units.find(key.unitCode)))
        throw new NotFoundError(`unit ${key.unitCode} is not in the unit registry`);
      const stream = targetStreamName(key);
      const history = await deps.store.readStream(stream);
      const current = history.at(-1)?.data.value as string | undefined;
      const id = options.idempotencyKey
        ? uuidFromName(`idempotency:${principal.id}:${options.idempotencyKey}:0`)
        : randomUUID();
      const replay = history.some((e) => e.id === id);
      const events = (replay ? [] : decideTarget(current, key, value, options.reason)).map((e) => ({
        id,
        type: e.type,
        data: e.data as unknown as JsonObject,
        metadata: { principal: principal.id, channel: 'cli', correlationId: randomUUID(), formVersion: form.version },
      }));
      return { stream, expectedRevision: history.at(-1)?.revision ?? ('no_stream' as const), events };
    },
  };
}

export type TargetService = ReturnType<typeof createTargetService>;
