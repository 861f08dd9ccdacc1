import {
  reportedIndicators,
  sourceStreamName,
  type FormCatalogue,
  type IndicatorValues,
  type ReportKey,
  type Source,
} from '@statledger/domain';
import type { EventStore } from '@statledger/event-store';
import { NotFoundError, RequestValidationError } from './errors.ts';
import { authorize } from './principals.ts';
import { executeCommand, prepareCommand, type CommandContext } from './command-handler.ts';
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
    const data = { form: key.form, unitCode: key.unitCode, period: key.period, source, values };
    // Each statement supersedes the source's last, whatever came before: appended at any revision.
    const outcome = await prepareCommand(
      deps.store,
      sourceStreamName(key, source),
      { ...ctx, expectedRevision: undefined },
      () => [{ type: 'SourceValuesReported', data }],
      {
        metadata: { formVersion: form.version },
      },
    );
    return 'replay' in outcome ? outcome : { prepared: { ...outcome.prepared, expectedRevision: 'any' as const } };
  }

  async function record(key: ReportKey, source: Source, values: IndicatorValues, ctx: CommandContext) {
    return executeCommand(deps.store, await prepare(key, source, values, ctx));
  }

  return { prepare, record };
}

export type SourceService = ReturnType<typeof createSourceService>;
