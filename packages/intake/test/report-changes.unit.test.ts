import { describe, expect, it } from 'vitest';
import { createInMemoryEventStore, uuidFromName, type JsonObject } from '@statledger/event-store';
import { changesSinceApproval } from '../src/index.ts';

const metadata = { principal: 't', channel: 'api', correlationId: 'c' };
const values = {
  SAN_ROAD_AREA: '3.2',
  SAN_WASTE_COLLECTED: '186.4',
  SAN_WASTE_HARMLESS: '186.4',
  SAN_NIGHT_SOIL: '21.5',
  SAN_CONSTRUCTION_WASTE: '40',
  SAN_PUBLIC_TOILETS: '6',
  SAN_CLEANERS: '18',
};
const stream = 'report-sanitation-110101001001-2025-03';

async function history(steps: [type: string, data: JsonObject][]) {
  const store = createInMemoryEventStore();
  // As the decider records them: a correction holds every value, the changed merged into the rest.
  const all: [string, JsonObject][] = [
    [
      'ReportSubmitted',
      { form: 'sanitation', unitCode: '110101001001', period: '2025-03', values, source: { type: 'reporting_unit' } },
    ],
    ...steps,
  ];
  for (const [i, [type, data]] of all.entries())
    await store.appendToStream(stream, [{ id: uuidFromName(`e${i}`), type, data, metadata }], {
      expectedRevision: 'any',
    });
  return store.readStream(stream);
}

describe('what changed in a report since it was approved', () => {
  it('compares with the last approved version, each indicator that differs, and counts the corrections since', async () => {
    const events = await history([
      ['ReportApproved', { byUnit: '110101001000' }],
      ['ReportReopened', { byUnit: '110101001000', reason: '抽查' }],
      ['ReportCorrected', { values: { ...values, SAN_WASTE_COLLECTED: '168.0' }, reason: '过磅单更正' }],
      [
        'ReportCorrected',
        { values: { ...values, SAN_WASTE_COLLECTED: '168.0', SAN_CLEANERS: '17' }, reason: '人员变动' },
      ],
    ]);
    const result = changesSinceApproval(events);
    expect(result).toMatchObject({
      baseline: 'approved',
      correctionsSince: 2,
      baselineAt: { position: events[1]!.position },
    });
    expect(result.changes).toEqual([
      { indicator: 'SAN_WASTE_COLLECTED', before: '186.4', now: '168.0' },
      { indicator: 'SAN_CLEANERS', before: '18', now: '17' },
    ]);
  });

  it('compares a report never approved with its submission, and a fresh one has no change', async () => {
    const returned = await history([
      ['ReportReturned', { byUnit: '110101001000', comment: '道路面积单位有误' }],
      ['ReportCorrected', { values: { ...values, SAN_ROAD_AREA: '0.32' }, reason: '按万平方米填报' }],
    ]);
    expect(changesSinceApproval(returned)).toMatchObject({
      baseline: 'submitted',
      correctionsSince: 1,
      changes: [{ indicator: 'SAN_ROAD_AREA', before: '3.2', now: '0.32' }],
    });
    expect(changesSinceApproval(await history([]))).toMatchObject({
      baseline: 'submitted',
      correctionsSince: 0,
      changes: [],
    });
  });
});
