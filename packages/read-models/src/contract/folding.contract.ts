import { describe, expect, it } from 'vitest';
import type { UnitCode } from '@statledger/domain';
import type { ProjectionStore } from '../projection-store.ts';
import { statisticsAsOf } from '../stats.ts';
import { statisticsFromProjection } from '../projection-query.ts';
import { createReportLedger } from '../report-ledger.ts';
import { catalogue, fold, isDenominatorSource } from './fold.ts';
import { SAMPLE, sampleLog } from './sample-log.ts';

export function foldingContract(open: () => Promise<ProjectionStore>) {
  describe('folding the log into rows', () => {
    it('answers every unit and period as the fold of the log itself does', async () => {
      const log = await sampleLog();
      const projections = await open();
      await fold(log, projections);
      const units = [SAMPLE.district, ...SAMPLE.townships, SAMPLE.villagesOf(SAMPLE.townships[1]!)[2]!] as UnitCode[];
      for (const unit of units) {
        for (const period of [...SAMPLE.months, '2025-Q1', '2025-Q2', '2025']) {
          const query = { form: 'sanitation', unit, period };
          const projected = await statisticsFromProjection(projections, catalogue, isDenominatorSource, query);
          const folded = await statisticsAsOf(log, catalogue, isDenominatorSource, query);
          expect(JSON.stringify({ ...projected, asOf: null }), `${unit} ${period}`).toBe(
            JSON.stringify({ ...folded, asOf: null }),
          );
        }
      }
      const district = await statisticsFromProjection(projections, catalogue, isDenominatorSource, {
        form: 'sanitation',
        unit: SAMPLE.district as UnitCode,
        period: '2025-03',
      });
      expect(district.figure?.values.SAN_WASTE_COLLECTED).toMatch(/^\d+(\.\d+)?$/);
      expect(district.asOf.position).toBe(await log.headPosition());
    });

    it('restores every report as the fold of the log holds it: values, status, revision, open findings', async () => {
      const log = await sampleLog();
      const projections = await open();
      await fold(log, projections);
      const restored = createReportLedger(catalogue, isDenominatorSource);
      await projections.restore(restored);
      const folded = createReportLedger(catalogue, isDenominatorSource);
      for (const event of await log.readAll()) folded.apply(event);
      const inOrder = (ledger: typeof folded) =>
        ledger
          .reportsOf('sanitation')
          .sort((a, b) => (`${a.unitCode}${a.period}` < `${b.unitCode}${b.period}` ? -1 : 1));
      const reports = inOrder(folded);
      expect(new Set(reports.map((r) => r.status))).toEqual(new Set(['submitted', 'approved', 'reopened']));
      expect(inOrder(restored)).toEqual(reports);
    });

    it('holds the same rows however the log was batched into commits', async () => {
      const log = await sampleLog();
      const [whole, small] = [await open(), await open()];
      await fold(log, whole);
      await fold(log, small, 7);
      const text = await whole.dump();
      expect(text.split('\n').filter((line) => line.startsWith('report ')).length).toBeGreaterThan(90);
      expect(await small.dump()).toBe(text);
    });

    it('restores only the rows of a unit’s subtree and periods when asked for them', async () => {
      const log = await sampleLog();
      const projections = await open();
      await fold(log, projections);
      const township = SAMPLE.townships[0]!;
      const ledger = createReportLedger(catalogue, isDenominatorSource);
      await projections.restore(ledger, { form: 'sanitation', unitPrefix: township.slice(0, 9), periods: ['2025-02'] });
      const reports = ledger.reportsOf('sanitation');
      expect(reports.length).toBeGreaterThan(0);
      expect(reports.every((r) => r.unitCode.startsWith(township.slice(0, 9)) && r.period === '2025-02')).toBe(true);
      expect(ledger.units().every((u) => u.startsWith(township.slice(0, 9)))).toBe(true);
    });

    it('lists the units of a tier in code order', async () => {
      const projections = await open();
      await fold(await sampleLog(), projections);
      expect(await projections.unitsOfTier('subdistrict')).toEqual(SAMPLE.townships);
      expect(await projections.unitsOfTier('district')).toEqual([SAMPLE.district]);
    });
  });
}
