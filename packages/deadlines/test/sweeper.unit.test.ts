import { describe, expect, it } from 'vitest';
import { PLAUSIBLE_SANITATION, TEST_METADATA, handWritten, registerSmallTree } from '@statledger/testing';
import { reportStreamName, type UnitCode } from '@statledger/domain';
import { createInMemoryEventStore, uuidFromName, type EventData, type JsonObject } from '@statledger/event-store';
import { loadFormCatalogue } from '@statledger/form-catalogue';
import { emptySweepState, foldSweepState, planSweep, sweepDeadlines } from '../src/index.ts';

const catalogue = loadFormCatalogue();
const event = (type: string, data: JsonObject, name: string): EventData => handWritten(uuidFromName)(type, data, name);
const village = '110101001001' as UnitCode;
const key = { form: 'sanitation', unitCode: village, period: '2025-03' };
const stream = reportStreamName(key);
const good = PLAUSIBLE_SANITATION;

const storeWithUnits = (now: () => Date) => registerSmallTree(createInMemoryEventStore({ now }), uuidFromName);

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
    expect(planSweep(state, catalogue, new Date('2025-04-05T23:59:59+08:00'), TEST_METADATA)).toEqual([]);
    expect(
      planSweep(state, catalogue, new Date('2025-04-06T00:00:00+08:00'), TEST_METADATA).map((c) => c.period),
    ).toEqual(['2025-03']);
  });
});
