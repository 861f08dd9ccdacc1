import type { FormCatalogue, UnitCode } from '@statledger/domain';
import type { SqliteEventStore } from '@statledger/event-store-sqlite';
import { createReportLedger, statisticsOf, type DenominatorSource, type Statistics } from '@statledger/read-models';
import { PROJECTOR } from './projector.ts';
import { createTables, restoreLedger } from './tables.ts';

/** The figures now, from the projection's tables (as of its checkpoint). */
export async function statisticsFromProjection(store: SqliteEventStore, catalogue: FormCatalogue, isDenominatorSource: DenominatorSource, query: { form: string; unit: UnitCode; period: string }): Promise<Statistics> {
  createTables(store.db);
  const ledger = createReportLedger(catalogue, isDenominatorSource);
  restoreLedger(store.db, ledger, query.form);
  const checkpoint = await store.checkpoints.load(PROJECTOR);
  return statisticsOf(ledger, catalogue, isDenominatorSource, query, { position: checkpoint?.position ?? null, instant: null });
}
