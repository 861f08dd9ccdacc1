import { describe, expect, it } from 'vitest';
import { createInMemoryEventStore, uuidFromName, type JsonObject } from '@statledger/event-store';
import { loadFormCatalogue } from '@statledger/form-catalogue';
import { runProjector, worklistOf } from '@statledger/read-models';
import type { UnitCode } from '@statledger/domain';
import { createSqliteProjectionStore } from '../src/index.ts';

const catalogue = loadFormCatalogue();
const isDenominatorSource = () => false;
const metadata = { principal: 't', channel: 'api', correlationId: 'c' };
const values = {
  SAN_ROAD_AREA: '1',
  SAN_WASTE_COLLECTED: '100',
  SAN_WASTE_HARMLESS: '99',
  SAN_NIGHT_SOIL: '1',
  SAN_CONSTRUCTION_WASTE: '1',
  SAN_PUBLIC_TOILETS: '2',
  SAN_CLEANERS: '3',
};
const VILLAGES = ['110101001001', '110101001002', '110101001003', '110101001004'] as UnitCode[];

describe("a township's work list for a month", () => {
  it('says for each village whether its report is approved, returned, submitted, or due / overdue by the deadline', async () => {
    const store = createInMemoryEventStore({ now: () => new Date('2025-04-03T02:00:00Z') });
    const append = (stream: string, type: string, data: JsonObject, name: string) =>
      store.appendToStream(stream, [{ id: uuidFromName(name), type, data, metadata }], { expectedRevision: 'any' });
    const report = (unit: string) => `report-sanitation-${unit}-2025-03`;
    for (const unit of VILLAGES.slice(0, 3)) {
      await append(
        report(unit),
        'ReportSubmitted',
        { form: 'sanitation', unitCode: unit, period: '2025-03', values, source: { type: 'reporting_unit' } },
        `s-${unit}`,
      );
    }
    await append(report(VILLAGES[0]!), 'ReportApproved', { byUnit: '110101001000' }, 'a');
    await append(report(VILLAGES[1]!), 'ReportReturned', { byUnit: '110101001000', comment: '请核实' }, 'r');
    const projections = createSqliteProjectionStore({ path: ':memory:' });
    await runProjector({ events: store, projections, catalogue, isDenominatorSource, stopWhenCaughtUp: true });

    const ask = (now: string) =>
      worklistOf(projections, catalogue, isDenominatorSource, {
        form: 'sanitation',
        period: '2025-03',
        under: '110101001000' as UnitCode,
        units: ['110101001000' as UnitCode, ...VILLAGES],
        now: new Date(now),
      });
    // The deadline is 5 days after the month: 5 April, end of day in Asia/Shanghai.
    const before = await ask('2025-04-03T00:00:00Z');
    expect(before.items.map((i) => [i.unit, i.status, i.revision])).toEqual([
      ['110101001000', 'due', null],
      ['110101001001', 'approved', 1],
      ['110101001002', 'returned', 1],
      ['110101001003', 'submitted', 0],
      ['110101001004', 'due', null],
    ]);
    const after = await ask('2025-04-10T00:00:00Z');
    expect(after.items.filter((i) => i.status === 'overdue').map((i) => i.unit)).toEqual([
      '110101001000',
      '110101001004',
    ]);
    expect(after.deadline).toMatch(/^2025-04-0[56]T/);
  });
});
