import { shortForm, tierOf, type FormCatalogue, type Tier, type UnitCode } from '@statledger/domain';
import type { SqliteEventStore } from '@statledger/event-store-sqlite';
import { createReportLedger, periodsWithin, statisticsOf, type DenominatorSource, type Statistics } from '@statledger/read-models';
import { PROJECTOR } from './projector.ts';
import { createTables, restoreLedger } from './tables.ts';

/**
 * Waits until the projection (run elsewhere in this process or another) has folded the log up to its head as it
 * stands now, so an answer includes what the caller just wrote; after `timeoutMs` it answers with what it has.
 */
export async function awaitProjection(store: SqliteEventStore, timeoutMs = 5_000): Promise<void> {
  const head = await store.headPosition();
  const deadline = Date.now() + timeoutMs;
  while (head !== undefined && Date.now() < deadline) {
    const checkpoint = await store.checkpoints.load(PROJECTOR);
    if (checkpoint?.position !== undefined && checkpoint.position >= head) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The figures now, from the projection's tables (as of its checkpoint). */
export async function statisticsFromProjection(store: SqliteEventStore, catalogue: FormCatalogue, isDenominatorSource: DenominatorSource, query: { form: string; unit: UnitCode; period: string }): Promise<Statistics> {
  createTables(store.db);
  const ledger = createReportLedger(catalogue, isDenominatorSource);
  // Only what the figures of the unit and its children for the period need: their reports, not the whole form's.
  restoreLedger(store.db, ledger, { form: query.form, unitPrefix: shortForm(query.unit), periods: periodsWithin(catalogue.get(query.form), query.period) });
  const checkpoint = await store.checkpoints.load(PROJECTOR);
  return statisticsOf(ledger, catalogue, isDenominatorSource, query, { position: checkpoint?.position ?? null, instant: null });
}

/** The units of a tier known to the projection (e.g. every city, for a national export). */
export function projectedUnitsOfTier(store: SqliteEventStore, tier: Tier): UnitCode[] {
  createTables(store.db);
  return store.db.prepare<[], { code: string }>('SELECT code FROM rm_units ORDER BY code').all().map((r) => r.code as UnitCode).filter((code) => tierOf(code) === tier);
}
