import { shortForm, type FormCatalogue, type UnitCode } from '@statledger/domain';
import type { EventStore } from '@statledger/event-store';
import { PROJECTOR, type ProjectionStore } from './projection-store.ts';
import { createReportLedger, type DenominatorSource } from './report-ledger.ts';
import { periodsWithin } from './rollup.ts';
import { statisticsOf, type Statistics } from './stats.ts';
import { subtotalTiersFor } from './subtotals.ts';

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
  const form = catalogue.get(query.form);
  const ledger = createReportLedger(catalogue, isDenominatorSource);
  // Only what the figures of the unit and its children for the period need: the subtotals of the unit and its
  // children where they lie above the form's leaves, else the children's reports; never the whole form's rows.
  const subtotalTiers = subtotalTiersFor(form, query.unit);
  await projections.restore(ledger, {
    form: query.form,
    unitPrefix: shortForm(query.unit),
    periods: periodsWithin(form, query.period),
    ...(subtotalTiers && { subtotalTiers }),
  });
  const checkpoint = await projections.checkpoints.load(PROJECTOR);
  const asOf = { position: checkpoint?.position ?? null, instant: null };
  return statisticsOf(ledger, catalogue, isDenominatorSource, query, asOf, subtotalTiers ? 'subtotals' : 'reports');
}

/**
 * Statistics from the projection, remembered until the projection moves on: a figure asked again while nothing
 * changed (a dashboard refreshed, a city's page opened by each of its districts) is not rolled up again from its
 * villages' rows. Questions asked at once share one answer. Keeps the `capacity` most recent questions.
 */
export function createCurrentStatistics(
  projections: ProjectionStore,
  catalogue: FormCatalogue,
  isDenominatorSource: DenominatorSource,
  capacity = 256,
) {
  const remembered = new Map<string, { position: string | undefined; answer: Promise<Statistics> }>();
  return async (query: { form: string; unit: UnitCode; period: string }): Promise<Statistics> => {
    // Read before the rows: an answer is never remembered under a position later than the rows it was made from.
    const position = (await projections.checkpoints.load(PROJECTOR))?.position;
    const key = `${query.form}|${query.unit}|${query.period}`;
    const known = remembered.get(key);
    if (known && known.position === position) return known.answer;
    const entry = { position, answer: statisticsFromProjection(projections, catalogue, isDenominatorSource, query) };
    remembered.delete(key);
    remembered.set(key, entry);
    if (remembered.size > capacity) remembered.delete(remembered.keys().next().value!);
    entry.answer.catch(() => remembered.get(key) === entry && remembered.delete(key));
    return entry.answer;
  };
}
