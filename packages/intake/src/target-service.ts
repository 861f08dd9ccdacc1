import {
  decideTarget,
  reportedIndicators,
  targetStreamName,
  type FormCatalogue,
  type TargetKey,
} from '@statledger/domain';
import type { EventStore } from '@statledger/event-store';
import { executeCommand, prepareCommand, type CommandContext } from './command-handler.ts';
import { NotFoundError, RequestValidationError } from './errors.ts';
import { authorize } from './principals.ts';
import type { UnitRegistry } from './unit-registry.ts';

/** Annual targets per indicator and unit: set by the tiers above (administrators and approvers of the subtree). */
export function createTargetService(deps: { store: EventStore; catalogue: FormCatalogue; units: UnitRegistry }) {
  /** A target set or revised; the same value again decides nothing, and a retried request is answered as one. */
  async function prepare(key: TargetKey, value: string, ctx: CommandContext, reason?: string) {
    authorize(ctx.principal, 'approve', key.unitCode);
    const form = deps.catalogue.get(key.form);
    if (!reportedIndicators(form).some((i) => i.code === key.indicator))
      throw new RequestValidationError([
        { path: ['indicator'], message: `${key.indicator} is not a reported indicator of form ${form.code}` },
      ]);
    if (!(await deps.units.find(key.unitCode)))
      throw new NotFoundError(`unit ${key.unitCode} is not in the unit registry`);
    return prepareCommand(
      deps.store,
      targetStreamName(key),
      ctx,
      (history) => decideTarget(history.at(-1)?.data.value as string | undefined, key, value, reason),
      { metadata: { formVersion: form.version } },
    );
  }

  /** Sets or revises the target; null when it already has that value. */
  async function set(key: TargetKey, value: string, ctx: CommandContext, reason?: string) {
    return executeCommand(deps.store, await prepare(key, value, ctx, reason));
  }

  return { prepare, set };
}

export type TargetService = ReturnType<typeof createTargetService>;
