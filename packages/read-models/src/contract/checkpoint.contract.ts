import { describe, expect, it } from 'vitest';
import { CheckpointConflictError, createInMemoryEventStore } from '@statledger/event-store';
import { anEvent } from '@statledger/event-store/contract';
import { PROJECTOR, type ProjectionStore } from '../projection-store.ts';
import { createReportLedger } from '../report-ledger.ts';
import { catalogue, fold, isDenominatorSource } from './fold.ts';
import { sampleLog } from './sample-log.ts';

export function checkpointContract(open: () => Promise<ProjectionStore>) {
  describe('the projector’s checkpoint, moved with the rows', () => {
    it('commits a batch whole or not at all: a stale checkpoint version writes no row', async () => {
      const log = await sampleLog();
      const projections = await open();
      await fold(log, projections);
      const before = await projections.dump();
      const checkpoint = (await projections.checkpoints.load(PROJECTOR))!;

      // A batch of rows the projection does not hold yet: a new village and its report.
      const extra = createInMemoryEventStore();
      const village = '110101003099';
      await extra.appendToStream(
        `unit-${village}`,
        [anEvent('UnitRegistered', { code: village, name: '新村', parentCode: '110101003000' })],
        { expectedRevision: 'any' },
      );
      const report = {
        form: 'sanitation',
        unitCode: village,
        period: '2025-06',
        values: { SAN_CLEANERS: '3' },
        source: { type: 'reporting_unit' },
      };
      await extra.appendToStream(`report-sanitation-${village}-2025-06`, [anEvent('ReportSubmitted', report)], {
        expectedRevision: 'any',
      });
      const ledger = createReportLedger(catalogue, isDenominatorSource);
      for (const event of await extra.readAll()) ledger.apply(event);
      const batch = {
        ledger,
        changes: ledger.drainChanges(),
        aggregates: [['sanitation|110101000000|2025-06', 99, checkpoint.position!] as [string, number, string]],
      };
      const stale = { position: checkpoint.position, expectedVersion: checkpoint.version - 1 };
      await expect(projections.commit({ ...batch, checkpoint: stale })).rejects.toBeInstanceOf(CheckpointConflictError);
      expect(await projections.dump()).toBe(before);
      expect(await projections.checkpoints.load(PROJECTOR)).toEqual(checkpoint);
    });

    it('forgets every row and the checkpoint on clear, and folds the same rows again', async () => {
      const log = await sampleLog();
      const projections = await open();
      await fold(log, projections);
      const rows = await projections.dump();
      await projections.outbox.markSent('feed', [['sanitation|110101000000|2025-01', 3, '00000000000000000010']]);
      await projections.clear();
      expect(await projections.dump()).toBe('\n');
      expect(await projections.checkpoints.load(PROJECTOR)).toBeNull();
      const { events } = await fold(log, projections);
      expect(events).toBe((await log.readAll()).length);
      expect(await projections.dump()).toBe(rows);
      // The feed's record of what it sent outlives a rebuild: consumers must not be sent it all again.
      expect(await projections.outbox.pending('feed', 1_000)).not.toContainEqual([
        'sanitation|110101000000|2025-01',
        3,
        expect.any(String),
      ]);
    });

    it('keeps other processors’ checkpoints apart, each advancing only from the version it read', async () => {
      const projections = await open();
      const first = await projections.checkpoints.save('quality-worker', '00000000000000000005', null);
      await expect(projections.checkpoints.save('quality-worker', '00000000000000000009', null)).rejects.toBeInstanceOf(
        CheckpointConflictError,
      );
      await projections.checkpoints.save('quality-worker', '00000000000000000009', first.version);
      expect(await projections.checkpoints.load('quality-worker')).toEqual({
        position: '00000000000000000009',
        version: 1,
      });
      expect(await projections.checkpoints.load(PROJECTOR)).toBeNull();
    });
  });
}
