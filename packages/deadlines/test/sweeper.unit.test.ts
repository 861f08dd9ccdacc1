import { describe, expect, it } from 'vitest';
import { reportStreamName, type UnitCode } from '@statledger/domain';
import { createInMemoryEventStore, uuidFromName, type EventData, type JsonObject } from '@statledger/event-store';
import { loadFormCatalogue } from '@statledger/form-catalogue';
import { emptySweepState, foldSweepState, planSweep, sweepDeadlines } from '../src/index.ts';

const catalogue = loadFormCatalogue();
const metadata = { principal: 'test', channel: 'api', correlationId: 'c' };
const event = (type: string, data: JsonObject, name: string): EventData => ({
  id: uuidFromName(name),
  type,
  data,
  metadata,
});
const village = '110101001001' as UnitCode;
const key = { form: 'sanitation', unitCode: village, period: '2025-03' };
const stream = reportStreamName(key);
const good = {
  SAN_ROAD_AREA: '3',
  SAN_WASTE_COLLECTED: '100',
  SAN_WASTE_HARMLESS: '99',
  SAN_NIGHT_SOIL: '10',
  SAN_CONSTRUCTION_WASTE: '20',
  SAN_PUBLIC_TOILETS: '6',
  SAN_CLEANERS: '14',
};

async function storeWithUnits(now: () => Date) {
  const store = createInMemoryEventStore({ now });
  for (const [code, parent] of [
    ['110101000000', '110100000000'],
    ['110101001000', '110101000000'],
    [village, '110101001000'],
    ['110101001002', '110101001000'],
  ] as const) {
    await store.appendToStream(
      `unit-${code}`,
      [event('UnitRegistered', { code, name: code, parentCode: parent }, `u-${code}`)],
      { expectedRevision: 'no_stream' },
    );
  }
  return store;
}

describe('deadline sweeper', () => {
  it('records each missing report once, then closes the period; a repeated sweep writes nothing', async () => {
    const store = await storeWithUnits(() => new Date('2025-04-02T02:00:00Z'));
    await store.appendToStream(
      stream,
      [event('ReportSubmitted', { ...key, values: good, source: { type: 'reporting_unit' } }, 's')],
      { expectedRevision: 'no_stream' },
    );
    const now = new Date('2025-04-06T00:00:00+08:00');
    const first = await sweepDeadlines({ store, catalogue, now });
    // Expected: the two villages and the township; the township and 110101001002 did not report.
    expect(first.closed).toEqual([{ form: 'sanitation', period: '2025-03', overdue: 2 }]);
    const overdue = await store.readAll({ filter: { eventTypes: ['ReportOverdue'] } });
    expect(overdue.map((e) => e.data.unitCode).sort()).toEqual(['110101001000', '110101001002']);
    expect((await store.readAll()).at(-1)!.type).toBe('DeadlinePassed');
    const before = (await store.readAll()).length;
    expect((await sweepDeadlines({ store, catalogue, now })).closed).toEqual([]);
    expect(await store.readAll()).toHaveLength(before);
  });

  it('closes the periods after an old report without a flood: units are expected only for periods due after they were registered', async () => {
    let clock = Date.parse('2025-06-01T02:00:00Z');
    const store = await storeWithUnits(() => new Date(clock));
    await store.appendToStream(
      reportStreamName({ ...key, period: '2024-01' }),
      [
        event(
          'ReportSubmitted',
          { ...key, period: '2024-01', values: good, source: { type: 'reporting_unit' } },
          'old',
        ),
      ],
      { expectedRevision: 'no_stream' },
    );
    clock = Date.parse('2025-07-01T02:00:00Z');
    const swept = await sweepDeadlines({ store, catalogue, now: new Date(clock) });
    // 2024-01 … 2025-05 closed; only May 2025 was due (5 June) after the units were registered (1 June).
    expect(swept.closed.map((c) => c.period)).toEqual([
      '2024-01',
      '2024-02',
      '2024-03',
      '2024-04',
      '2024-05',
      '2024-06',
      '2024-07',
      '2024-08',
      '2024-09',
      '2024-10',
      '2024-11',
      '2024-12',
      '2025-01',
      '2025-02',
      '2025-03',
      '2025-04',
      '2025-05',
    ]);
    expect(swept.closed.filter((c) => c.overdue > 0).map((c) => c.period)).toEqual(['2025-05']);
  });

  it('plans nothing before the deadline: 5 April 23:59:59 Beijing time', () => {
    const state = emptySweepState();
    foldSweepState(state, {
      type: 'ReportSubmitted',
      data: { form: 'sanitation', unitCode: village, period: '2025-03' },
    });
    expect(planSweep(state, catalogue, new Date('2025-04-05T23:59:59+08:00'), metadata)).toEqual([]);
    expect(planSweep(state, catalogue, new Date('2025-04-06T00:00:00+08:00'), metadata).map((c) => c.period)).toEqual([
      '2025-03',
    ]);
  });
});
