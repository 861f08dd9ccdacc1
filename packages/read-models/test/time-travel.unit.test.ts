import { describe, expect, it } from 'vitest';
import { createInMemoryEventStore, uuidFromName, type JsonObject } from '@statledger/event-store';
import { loadFormCatalogue } from '@statledger/form-catalogue';
import type { UnitCode } from '@statledger/domain';
import { statisticsAsOf } from '../src/index.ts';

const catalogue = loadFormCatalogue();
const metadata = { principal: 't', channel: 'api', correlationId: 'c' };
const values = (collected: string) => ({
  SAN_ROAD_AREA: '1',
  SAN_WASTE_COLLECTED: collected,
  SAN_WASTE_HARMLESS: collected,
  SAN_NIGHT_SOIL: '1',
  SAN_CONSTRUCTION_WASTE: '1',
  SAN_PUBLIC_TOILETS: '2',
  SAN_CLEANERS: '3',
});

describe('figures as they stood at a past instant or log position', () => {
  it('answers before and after a correction of an approved report, with its status', async () => {
    let clock = Date.parse('2025-04-02T02:00:00Z');
    const store = createInMemoryEventStore({ now: () => new Date(clock) });
    const append = async (stream: string, type: string, data: JsonObject, name: string) => {
      await store.appendToStream(stream, [{ id: uuidFromName(name), type, data, metadata }], {
        expectedRevision: 'any',
      });
      clock += 86_400_000;
    };
    for (const [code, parent] of [
      ['110101001000', '110101000000'],
      ['110101001001', '110101001000'],
      ['110101001002', '110101001000'],
    ] as const) {
      await append(`unit-${code}`, 'UnitRegistered', { code, name: code, parentCode: parent }, code);
    }
    const key = (unit: string) => ({ form: 'sanitation', unitCode: unit, period: '2025-03' });
    await append(
      'report-sanitation-110101001001-2025-03',
      'ReportSubmitted',
      { ...key('110101001001'), values: values('100'), source: { type: 'reporting_unit' } },
      's1',
    );
    await append(
      'report-sanitation-110101001002-2025-03',
      'ReportSubmitted',
      { ...key('110101001002'), values: values('50'), source: { type: 'reporting_unit' } },
      's2',
    );
    await append('report-sanitation-110101001001-2025-03', 'ReportApproved', { byUnit: '110101001000' }, 'a1');
    await append('report-sanitation-110101001002-2025-03', 'ReportApproved', { byUnit: '110101001000' }, 'a2');
    const beforeCorrection = (await store.readAll()).at(-1)!;
    await append(
      'report-sanitation-110101001001-2025-03',
      'ReportReopened',
      { byUnit: '110101001000', reason: '抽查' },
      'r1',
    );
    await append(
      'report-sanitation-110101001001-2025-03',
      'ReportCorrected',
      { values: values('80'), reason: '抽查更正' },
      'c1',
    );

    const ask = (asOf?: { position: string } | { instant: string }) =>
      statisticsAsOf(store, catalogue, () => false, {
        form: 'sanitation',
        unit: '110101001000' as UnitCode,
        period: '2025-03',
        ...(asOf ? { asOf } : {}),
      });

    const now = await ask();
    expect(now.figure).toMatchObject({
      values: { SAN_WASTE_COLLECTED: '130' },
      status: 'revised',
      received: 2,
      expected: 2,
    });
    const then = await ask({ position: beforeCorrection.position });
    expect(then.figure).toMatchObject({ values: { SAN_WASTE_COLLECTED: '150' }, status: 'final' });
    expect(then.asOf.position).toBe(beforeCorrection.position);
    // Units on 2, 3 and 4 April, first report on the 5th, second on the 6th: at noon on the 5th, one of two.
    const early = await ask({ instant: '2025-04-05T12:00:00Z' });
    expect(early.figure).toMatchObject({
      values: { SAN_WASTE_COLLECTED: '100' },
      received: 1,
      expected: 2,
      status: 'provisional',
    });
    expect(early.children.map((c) => c.unit)).toEqual(['110101001001', '110101001002']);
  });
});
