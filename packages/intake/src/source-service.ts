import { randomUUID } from 'node:crypto';
import {
  reportedIndicators,
  sourceStreamName,
  type FormCatalogue,
  type IndicatorValues,
  type ReportKey,
  type Source,
} from '@statledger/domain';
import { uuidFromName, type EventStore, type JsonObject } from '@statledger/event-store';
import { NotFoundError, RequestValidationError } from './errors.ts';
import { authorize } from './principals.ts';
import type { CommandContext } from './report-service.ts';
import type { UnitRegistry } from './unit-registry.ts';

/** Records what a second source states for a unit's indicators; each statement supersedes the source's last. */
export function createSourceService(deps: { store: EventStore; catalogue: FormCatalogue; units: UnitRegistry }) {
  async function prepare(key: ReportKey, source: Source, values: IndicatorValues, ctx: CommandContext) {
    authorize(ctx.principal, 'submit', key.unitCode);
    const form = deps.catalogue.get(key.form);
    if (!(await deps.units.find(key.unitCode)))
      throw new NotFoundError(`unit ${key.unitCode} is not in the unit registry; import it first`);
    const known = new Set(reportedIndicators(form).map((i) => i.code));
    const unknown = Object.keys(values).filter((code) => !known.has(code));
    if (unknown.length)
      throw new RequestValidationError(
        unknown.map((code) => ({
          path: ['values', code],
          message: `${code} is not a reported indicator of form ${form.code}`,
        })),
      );
    const stream = sourceStreamName(key, source);
    // With a key, a retry carries the same event id and the store appends it once.
    const id = ctx.idempotencyKey
      ? uuidFromName(`idempotency:${ctx.principal.id}:${ctx.idempotencyKey}:0`)
      : randomUUID();
    const data = {
      form: key.form,
      unitCode: key.unitCode,
      period: key.period,
      source,
      values,
    } as unknown as JsonObject;
    const metadata: JsonObject = {
      principal: ctx.principal.id,
      channel: ctx.channel,
      correlationId: ctx.correlationId ?? randomUUID(),
      formVersion: form.version,
    };
    return { stream, expectedRevision: 'any' as const, events: [{ id, type: 'SourceValuesReported', data, metadata }] };
  }

  async function record(key: ReportKey, source: Source, values: IndicatorValues, ctx: CommandContext) {
    const prepared = await prepare(key, source, values, ctx);
    return deps.store.appendToStream(prepared.stream, prepared.events, { expectedRevision: prepared.expectedRevision });
  }

  return { prepare, record };
}

export type SourceService = ReturnType<typeof createSourceService>;
