import { isCaughtUp, type Checkpoint, type RecordedEvent } from '@statledger/event-store';
import type { SqliteEventStore } from '@statledger/event-store-sqlite';
import type { FormCatalogue } from '@statledger/domain';
import type { Statement } from 'better-sqlite3';
import { LEDGER_ENTRY_KINDS, aggregateKeyText, aggregateKeysOf, createReportLedger, type DenominatorSource, type LedgerEntryKind } from '@statledger/read-models';
import { clearTables, createTables, encodeReport, entryTable, restoreLedger } from './tables.ts';

export const PROJECTOR = 'stats-projector';

export interface ProjectorOptions {
  store: SqliteEventStore;
  catalogue: FormCatalogue;
  isDenominatorSource: DenominatorSource;
  signal?: AbortSignal;
  stopWhenCaughtUp?: boolean;
  /** Events folded per transaction. */
  batchEvents?: number;
  onBatch?: (position: string | undefined) => void;
}

/**
 * Folds the log into the read-model tables. Each batch's changed rows and the checkpoint are written in one
 * SQLite transaction, so a crash leaves either both or neither: no figure is ever counted twice.
 */
export async function runProjector(options: ProjectorOptions): Promise<{ events: number; position: string | undefined }> {
  const { store } = options;
  const db = store.db;
  createTables(db);
  const ledger = createReportLedger(options.catalogue, options.isDenominatorSource);
  restoreLedger(db, ledger);
  let checkpoint: Checkpoint | null = await store.checkpoints.load(PROJECTOR);
  const upsertUnit = db.prepare('INSERT OR IGNORE INTO rm_units (code) VALUES (?)');
  const upsertReport = db.prepare('INSERT INTO rm_reports (stream, form, state) VALUES (?, ?, ?) ON CONFLICT (stream) DO UPDATE SET state = excluded.state');
  const upsertEntry = Object.fromEntries(
    LEDGER_ENTRY_KINDS.map((kind) => [kind, db.prepare(`INSERT INTO ${entryTable(kind)} (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`)]),
  ) as Record<LedgerEntryKind, Statement>;
  const upsertAggregate = db.prepare('INSERT INTO rm_aggregates (key, revision, position) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET revision = excluded.revision, position = excluded.position');
  const aggregateRevision = db.prepare<[string], { revision: number }>('SELECT revision FROM rm_aggregates WHERE key = ?');
  // Aggregates changed in this batch: the revision counts every event that could change the figure, so
  // the same log gives the same revision for the same figure however it was batched.
  const changedAggregates = new Map<string, { revision: number; position: string }>();
  const countAggregateChanges = (event: RecordedEvent) => {
    for (const key of aggregateKeysOf(event).map(aggregateKeyText)) {
      const revision = (changedAggregates.get(key)?.revision ?? aggregateRevision.get(key)?.revision ?? -1) + 1;
      changedAggregates.set(key, { revision, position: event.position });
    }
  };
  let position = checkpoint?.position;
  const persist = db.transaction(() => {
    for (const [key, a] of changedAggregates) upsertAggregate.run(key, a.revision, a.position);
    changedAggregates.clear();
    const changes = ledger.drainChanges();
    for (const unit of changes.units) upsertUnit.run(unit);
    for (const stream of changes.reports) {
      const r = ledger.report(stream);
      if (r) upsertReport.run(stream, r.form, encodeReport(r));
    }
    for (const kind of LEDGER_ENTRY_KINDS) for (const key of changes[kind]) upsertEntry[kind].run(key, JSON.stringify(ledger.entry(kind, key)));
    checkpoint = store.checkpoints.saveSync(PROJECTOR, position, checkpoint?.version ?? null);
  });

  let events = 0;
  let pending = 0;
  const batchEvents = options.batchEvents ?? 10_000;
  const flush = () => {
    if (pending === 0) return;
    persist.immediate();
    pending = 0;
    options.onBatch?.(position);
  };
  for await (const item of store.subscribeToAll({ ...(position ? { from: position } : {}), batchSize: 1_000, ...(options.signal ? { signal: options.signal } : {}) })) {
    if (isCaughtUp(item)) {
      flush();
      if (options.stopWhenCaughtUp) break;
      continue;
    }
    ledger.apply(item);
    countAggregateChanges(item);
    position = item.position;
    events++;
    if (++pending >= batchEvents) flush();
  }
  flush();
  return { events, position };
}

/** Empties the tables and forgets the checkpoint: the next run folds the whole log again. */
export function resetProjection(store: SqliteEventStore): void {
  createTables(store.db);
  store.db.transaction(() => {
    clearTables(store.db);
    store.db.prepare('DELETE FROM checkpoints WHERE name = ?').run(PROJECTOR);
  })();
}
