import type { Tier, UnitCode } from '@statledger/domain';
import type { Checkpoint, CheckpointStore } from '@statledger/event-store';
import {
  LEDGER_ENTRY_KINDS,
  type LedgerChanges,
  type LedgerEntryKind,
  type LedgerReport,
  type LedgerScope,
  type ReportLedger,
} from './report-ledger.ts';

/** The statistics projector's checkpoint name: it moves in the same transaction as the rows. */
export const PROJECTOR = 'stats-projector';

/** An aggregate's row: its key, how many events have changed it (from 0), the position of the last. */
export type AggregateRow = [key: string, revision: number, position: string];

/** What one batch of the fold changed, to be written with the projector's checkpoint in one transaction. */
export interface ProjectionBatch {
  ledger: ReportLedger;
  changes: LedgerChanges;
  aggregates: AggregateRow[];
  checkpoint: { position: string | undefined; expectedVersion: number | null };
}

/** The feed's outbox: which aggregates a publisher has sent, at which revision. */
export interface FeedOutbox {
  /** Aggregates whose revision is above what `publisher` sent, the oldest change first. */
  pending(publisher: string, limit: number): Promise<AggregateRow[]>;
  /** The current revisions of these aggregates. */
  revisions(keys: readonly string[]): Promise<Map<string, number>>;
  markSent(publisher: string, sent: readonly AggregateRow[]): Promise<void>;
}

/**
 * The read side's port: where the statistics projection keeps its rows, the processors their checkpoints and the
 * feed its outbox. Its rows carry what they need (a report's values among them) and never join the event log,
 * so the events and the projections may live in different stores. One contract suite runs against every adapter.
 */
export interface ProjectionStore {
  readonly kind: string;
  /** Checkpoints of the log's processors; the projector's own moves in `commit`, with its rows. */
  readonly checkpoints: CheckpointStore;
  readonly outbox: FeedOutbox;
  /** Loads the rows into a ledger: all of them, or those a question in `scope` needs. */
  restore(ledger: ReportLedger, scope?: LedgerScope): Promise<void>;
  /** Every aggregate's revision. */
  aggregateRevisions(): Promise<Map<string, number>>;
  /** A batch's changed rows, its aggregates and the projector's checkpoint, in one transaction; a stale expected version throws. */
  commit(batch: ProjectionBatch): Promise<Checkpoint>;
  /** Forgets every row, the aggregates and the projector's checkpoint (a rebuild); the feed's outbox stays. */
  clear(): Promise<void>;
  /** Every row in a fixed order: two projections of the same log dump to the same text. */
  dump(): Promise<string>;
  /** The units of a tier the projection knows, by code. */
  unitsOfTier(tier: Tier): Promise<UnitCode[]>;
  close(): Promise<void>;
}

/** The rows of a batch in key order (each B-tree page is then written once per batch, not once per row). */
export function rowsOf(batch: ProjectionBatch) {
  const { ledger, changes } = batch;
  const reports: [stream: string, record: LedgerReport, openFindings: readonly string[]][] = [];
  for (const stream of [...changes.reports.keys()].sort())
    reports.push([stream, changes.reports.get(stream)!, ledger.openFindingsOf(stream)]);
  const entries = Object.fromEntries(
    LEDGER_ENTRY_KINDS.map((kind) => [
      kind,
      [...changes[kind]].sort().map((key) => [key, JSON.stringify(ledger.entry(kind, key))] as [string, string]),
    ]),
  ) as Record<LedgerEntryKind, [string, string][]>;
  return {
    units: [...changes.units].sort(),
    reports,
    entries,
    aggregates: [...batch.aggregates].sort((a, b) => (a[0] < b[0] ? -1 : 1)),
  };
}
