import { describe, expect, it } from 'vitest';
import type { UnitCode } from '@statledger/domain';
import { uuidFromName, type JsonObject } from '@statledger/event-store';
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

    it('counts a village from the batch its registration is folded in, also after the projector restarted', async () => {
      const log = await sampleLog();
      const village = '110101003007';
      const report = `report-sanitation-${village}-2025-02`;
      const values = { SAN_WASTE_COLLECTED: '500', SAN_WASTE_HARMLESS: '400', SAN_PUBLIC_TOILETS: '3' };
      const metadata = { principal: 'contract', channel: 'api', correlationId: 'late-village' };
      const append = (stream: string, type: string, data: JsonObject) =>
        log.appendToStreams([
          {
            stream,
            events: [{ id: uuidFromName(`contract:late:${type}`), type, data, metadata }],
            expectedRevision: 'any',
          },
        ]);
      // Its report is folded while the village is not registered: the figures leave it out, as the fold does.
      await append(report, 'ReportSubmitted', {
        form: 'sanitation',
        unitCode: village,
        period: '2025-02',
        values,
        source: { type: 'reporting_unit' },
      });
      const projections = await open();
      await fold(log, projections);
      const asked = async () => {
        const query = { form: 'sanitation', unit: SAMPLE.district as UnitCode, period: '2025-Q1' };
        const projected = await statisticsFromProjection(projections, catalogue, isDenominatorSource, query);
        const folded = await statisticsAsOf(log, catalogue, isDenominatorSource, query);
        expect(JSON.stringify({ ...projected, asOf: null })).toBe(JSON.stringify({ ...folded, asOf: null }));
        return projected.children.find((f) => f.unit === SAMPLE.townships[2])!;
      };
      const before = await asked();
      // A projector started again, on its own rows: the registration moves the township's figures.
      await append(`unit-${village}`, 'UnitRegistered', {
        code: village,
        name: '新社区',
        parentCode: SAMPLE.townships[2]!,
      });
      await fold(log, projections);
      const after = await asked();
      expect(after.received).toBe(before.received + 1);
      expect(after.expected).toBe(before.expected + 3);
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

    it.each([
      ['in the periods asked for', ['2025-02']],
      ['in every period when none is asked for', undefined],
    ])('restores exactly the reports of a unit’s subtree %s', async (_periods, periods) => {
      const log = await sampleLog();
      const projections = await open();
      await fold(log, projections);
      const under = SAMPLE.townships[0]!.slice(0, 9);
      const everything = createReportLedger(catalogue, isDenominatorSource);
      await projections.restore(everything);
      const ledger = createReportLedger(catalogue, isDenominatorSource);
      await projections.restore(ledger, { form: 'sanitation', unitPrefix: under, ...(periods && { periods }) });
      const expected = everything
        .reportsOf('sanitation')
        .filter((r) => r.unitCode.startsWith(under) && (!periods || periods.includes(r.period)));
      expect(expected.length).toBeGreaterThan(0);
      expect(new Set(expected.map((r) => r.period)).size).toBe(periods?.length ?? SAMPLE.months.length);
      expect(ledger.reportsOf('sanitation')).toEqual(expected);
      expect(ledger.units().every((u) => u.startsWith(under))).toBe(true);
    });

    it('lists the units of a tier in code order', async () => {
      const projections = await open();
      await fold(await sampleLog(), projections);
      expect(await projections.unitsOfTier('subdistrict')).toEqual(SAMPLE.townships);
      expect(await projections.unitsOfTier('district')).toEqual([SAMPLE.district]);
    });
  });
}
