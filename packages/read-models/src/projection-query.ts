import { shortForm, type FormCatalogue, type UnitCode } from '@statledger/domain';
import type { EventStore } from '@statledger/event-store';
import { PROJECTOR, type ProjectionStore } from './projection-store.ts';
import { createReportLedger, type DenominatorSource } from './report-ledger.ts';
import { periodsWithin } from './rollup.ts';
import { statisticsOf, type Statistics } from './stats.ts';

/**
 * Waits until the projection (kept by a projector in this process or another) has folded the log up to its head
 * as it stands now, so an answer includes what the caller just wrote; after `timeoutMs` it answers with what it has.
 */
export async function awaitProjection(
  events: Pick<EventStore, 'headPosition'>,
  projections: ProjectionStore,
  timeoutMs = 5_000,
): Promise<void> {
  const head = await events.headPosition();
  const deadline = Date.now() + timeoutMs;
  while (head !== undefined && Date.now() < deadline) {
    const checkpoint = await projections.checkpoints.load(PROJECTOR);
    if (checkpoint?.position !== undefined && checkpoint.position >= head) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The figures now, from the projection's rows (as of its checkpoint). */
export async function statisticsFromProjection(
  projections: ProjectionStore,
  catalogue: FormCatalogue,
  isDenominatorSource: DenominatorSource,
  query: { form: string; unit: UnitCode; period: string },
): Promise<Statistics> {
  const ledger = createReportLedger(catalogue, isDenominatorSource);
  // Only what the figures of the unit and its children for the period need: their reports, not the whole form's.
  await projections.restore(ledger, {
    form: query.form,
    unitPrefix: shortForm(query.unit),
    periods: periodsWithin(catalogue.get(query.form), query.period),
  });
  const checkpoint = await projections.checkpoints.load(PROJECTOR);
  return statisticsOf(ledger, catalogue, isDenominatorSource, query, {
    position: checkpoint?.position ?? null,
    instant: null,
  });
}
