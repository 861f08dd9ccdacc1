import { createInMemoryEventStore, uuidFromName, type EventStore, type JsonObject } from '@statledger/event-store';

const metadata = { principal: 'contract', channel: 'api', correlationId: 'projection-contract' };
const DISTRICT = '110101000000';
const TOWNSHIPS = ['110101001000', '110101002000', '110101003000'];
const villagesOf = (township: string) =>
  [1, 2, 3, 4, 5, 6].map((i) => `${township.slice(0, 9)}${String(i).padStart(3, '0')}`);
const MONTHS = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'];

const sanitation = (n: number) => ({
  SAN_ROAD_AREA: (n % 7) + 1 + '.25',
  SAN_WASTE_COLLECTED: String(100 + ((n * 37) % 250)) + '.5',
  SAN_WASTE_HARMLESS: String(99 + ((n * 37) % 250)),
  SAN_NIGHT_SOIL: String(10 + (n % 9)),
  SAN_CONSTRUCTION_WASTE: String(20 + ((n * 13) % 40)),
  SAN_PUBLIC_TOILETS: String(2 + (n % 5)),
  SAN_CLEANERS: String(5 + (n % 11)),
});

/**
 * A small district's half year, every kind of event the projection folds: units, submissions, returns and
 * corrections, approvals and reopenings, findings raised and resolved, targets, attributes and a second source.
 * Deterministic: the same log every time, with a clock a day per event.
 */
export async function sampleLog(): Promise<EventStore> {
  let clock = Date.parse('2025-01-01T02:00:00Z');
  const store = createInMemoryEventStore({ now: () => new Date(clock) });
  const append = async (stream: string, type: string, data: JsonObject, name: string) => {
    await store.appendToStream(stream, [{ id: uuidFromName(`contract:${name}`), type, data, metadata }], {
      expectedRevision: 'any',
    });
    clock += 3_600_000;
  };
  await append(
    `unit-${DISTRICT}`,
    'UnitRegistered',
    { code: DISTRICT, name: '东城区', parentCode: '110100000000' },
    DISTRICT,
  );
  for (const township of TOWNSHIPS) {
    await append(
      `unit-${township}`,
      'UnitRegistered',
      { code: township, name: `街道${township}`, parentCode: DISTRICT },
      township,
    );
    for (const village of villagesOf(township)) {
      await append(
        `unit-${village}`,
        'UnitRegistered',
        { code: village, name: `社区${village}`, parentCode: township },
        village,
      );
    }
  }
  await append(
    `unit-${DISTRICT}`,
    'UnitAttributeSet',
    { code: DISTRICT, attribute: 'area', value: '25.34', validFrom: '2025-01-01' },
    'area',
  );
  await append(
    'target-sanitation-SAN_WASTE_COLLECTED-110101000000-2025',
    'TargetSet',
    { form: 'sanitation', indicator: 'SAN_WASTE_COLLECTED', unitCode: DISTRICT, year: 2025, value: '60000' },
    'target',
  );
  let n = 0;
  for (const month of MONTHS) {
    for (const village of TOWNSHIPS.flatMap(villagesOf)) {
      n++;
      const stream = `report-sanitation-${village}-${month}`;
      const key = { form: 'sanitation', unitCode: village, period: month };
      if (n % 17 === 0) continue; // never reported
      await append(
        stream,
        'ReportSubmitted',
        { ...key, values: sanitation(n), source: { type: 'reporting_unit' } },
        `${stream}:submitted`,
      );
      const township = `${village.slice(0, 9)}000`;
      if (n % 5 === 0) {
        const finding = uuidFromName(`contract:finding:${stream}`);
        await append(
          `quality-${stream}`,
          'QualityFindingRaised',
          { findingId: finding, report: stream, subject: `quality-${stream}`, family: 'rules' },
          `${stream}:raised`,
        );
        if (n % 10 === 0) {
          await append(
            `quality-${stream}`,
            'QualityFindingResolved',
            { findingId: finding, report: stream, subject: `quality-${stream}`, family: 'rules' },
            `${stream}:resolved`,
          );
        }
      }
      if (n % 7 === 0) {
        await append(stream, 'ReportReturned', { byUnit: township, reason: '数据有误' }, `${stream}:returned`);
        await append(stream, 'ReportCorrected', { values: sanitation(n + 1), reason: '更正' }, `${stream}:corrected`);
      }
      if (n % 3 !== 0) await append(stream, 'ReportApproved', { byUnit: township }, `${stream}:approved`);
      if (n % 23 === 0)
        await append(stream, 'ReportReopened', { byUnit: township, reason: '抽查' }, `${stream}:reopened`);
    }
    const gdp = { form: 'sanitation', unitCode: DISTRICT, period: month };
    await append(
      `source-sanitation-${DISTRICT}-${month}-statistics_bureau`,
      'SourceValuesReported',
      { ...gdp, values: { GDP: '1234.5' }, source: { type: 'statistics_bureau' } },
      `gdp:${month}`,
    );
  }
  return store;
}

export const SAMPLE = { district: DISTRICT, townships: TOWNSHIPS, villagesOf, months: MONTHS };
