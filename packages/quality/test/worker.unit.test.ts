import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PLAUSIBLE_SANITATION, handWritten, registerSmallTree } from '@statledger/testing';
import { reportStreamName, type UnitCode } from '@statledger/domain';
import { createInMemoryEventStore, uuidFromName, type EventData, type JsonObject } from '@statledger/event-store';
import { DEFAULT_SOURCE_REGISTRY, loadFormCatalogue } from '@statledger/form-catalogue';
import { createSourceRegistry, planEmission, runQualityWorker } from '../src/index.ts';

const catalogue = loadFormCatalogue();
const sources = createSourceRegistry(JSON.parse(readFileSync(DEFAULT_SOURCE_REGISTRY, 'utf8')), catalogue);
const event = (type: string, data: JsonObject, name: string): EventData => handWritten(uuidFromName)(type, data, name);
const village = '110101001001' as UnitCode;
const key = { form: 'sanitation', unitCode: village, period: '2025-03' };
const stream = reportStreamName(key);
const good = PLAUSIBLE_SANITATION;

const storeWithUnits = (now: () => Date) => registerSmallTree(createInMemoryEventStore({ now }), uuidFromName);

const run = (store: Awaited<ReturnType<typeof storeWithUnits>>, batchEvents = 2_000) =>
  runQualityWorker({ store, checkpoints: store.checkpoints, catalogue, sources, stopWhenCaughtUp: true, batchEvents });

const findingEvents = async (store: Awaited<ReturnType<typeof storeWithUnits>>) =>
  (await store.readAll({ filter: { streamPrefixes: ['quality-'] } })).map((e) => ({
    stream: e.stream,
    type: e.type,
    data: e.data,
  }));

describe('quality worker', () => {
  it('raises a rule violation, and a correction resolves it by an event, not a deletion', async () => {
    let clock = Date.parse('2025-04-02T02:00:00Z');
    const store = await storeWithUnits(() => new Date(clock));
    await store.appendToStream(
      stream,
      [
        event(
          'ReportSubmitted',
          { ...key, values: { ...good, SAN_WASTE_HARMLESS: '101' }, source: { type: 'reporting_unit' } },
          's',
        ),
      ],
      { expectedRevision: 'no_stream' },
    );
    await run(store);
    let quality = await store.readStream(`quality-${stream}`);
    const violation = quality.find(
      (e) => e.type === 'QualityFindingRaised' && (e.data.finding as JsonObject).code === 'RULE_VIOLATION',
    );
    expect(violation?.data).toMatchObject({
      report: stream,
      family: 'rules',
      finding: { severity: 'error', indicator: 'SAN_WASTE_HARMLESS' },
    });

    clock += 3_600_000;
    await store.appendToStream(stream, [event('ReportCorrected', { values: good, reason: '按台账更正' }, 'c')], {
      expectedRevision: 0n,
    });
    await run(store);
    quality = await store.readStream(`quality-${stream}`);
    expect(quality.at(-1)).toMatchObject({
      type: 'QualityFindingResolved',
      data: { findingId: violation!.data.findingId, code: 'RULE_VIOLATION' },
    });
    // The finding stays in the log as it was raised; only a later event marks it resolved.
    expect(quality.some((e) => e.id === violation!.id && e.type === 'QualityFindingRaised')).toBe(true);
  });

  it('gives the same findings whatever the batch size, and a second run from the checkpoint appends nothing', async () => {
    const build = async () => {
      let clock = Date.parse('2025-04-01T02:00:00Z');
      const store = await storeWithUnits(() => new Date((clock += 60_000)));
      await store.appendToStream(
        stream,
        [
          event(
            'ReportSubmitted',
            { ...key, values: { ...good, SAN_ROAD_AREA: '30' }, source: { type: 'reporting_unit' } },
            's',
          ),
        ],
        { expectedRevision: 'no_stream' },
      );
      await store.appendToStream(stream, [event('ReportCorrected', { values: good, reason: 'typo' }, 'c')], {
        expectedRevision: 0n,
      });
      await store.appendToStream(
        `source-sanitation-${village}-2025-03-direct_reporting_enterprise`,
        [
          event(
            'SourceValuesReported',
            { ...key, source: { type: 'direct_reporting_enterprise' }, values: { SAN_WASTE_COLLECTED: '130' } },
            'src',
          ),
        ],
        { expectedRevision: 'no_stream' },
      );
      return store;
    };
    const one = await build();
    await run(one, 1);
    const many = await build();
    await run(many, 1_000);
    expect(await findingEvents(one)).toEqual(await findingEvents(many));
    expect(
      (await findingEvents(one)).some((e) => (e.data.finding as JsonObject | undefined)?.code === 'SOURCE_CONFLICT'),
    ).toBe(true);

    const before = (await one.readAll()).length;
    const again = await run(one);
    expect(again.findingsRaised + again.findingsResolved).toBe(0);
    expect(await one.readAll()).toHaveLength(before);
  });

  it('goes on when a check throws on one report: CHECK_FAILED there, a log line and a count, the next report checked', async () => {
    const store = await storeWithUnits(() => new Date('2025-04-02T02:00:00Z'));
    const other = reportStreamName({ ...key, unitCode: '110101001002' as UnitCode });
    await store.appendToStream(
      stream,
      [event('ReportSubmitted', { ...key, values: good, source: { type: 'reporting_unit' } }, 's1')],
      { expectedRevision: 'no_stream' },
    );
    await store.appendToStream(
      other,
      [
        event(
          'ReportSubmitted',
          {
            ...key,
            unitCode: '110101001002',
            values: { ...good, SAN_WASTE_HARMLESS: '101' },
            source: { type: 'reporting_unit' },
          },
          's2',
        ),
      ],
      { expectedRevision: 'no_stream' },
    );
    // A registry that fails once, as a bad input would make a check fail: the first report's source checks throw.
    let calls = 0;
    const failingOnce = {
      ...sources,
      denominators: (form: string) =>
        calls++ === 0
          ? (() => {
              throw new Error('registry unreadable');
            })()
          : sources.denominators(form),
    };
    const warnings: object[] = [];
    const log = { info: () => {}, warn: (details: object) => void warnings.push(details) };
    const stats = await runQualityWorker({
      store,
      checkpoints: store.checkpoints,
      catalogue,
      sources: failingOnce,
      stopWhenCaughtUp: true,
      log,
    });
    expect(stats.checksFailed).toBe(1);
    expect(warnings).toEqual([
      expect.objectContaining({
        subject: `quality-${stream}`,
        report: stream,
        family: 'sources',
        message: 'registry unreadable',
      }),
    ]);
    const failed = (await store.readStream(`quality-${stream}`)).map((e) => e.data.finding as JsonObject | undefined);
    expect(failed).toContainEqual(
      expect.objectContaining({
        code: 'CHECK_FAILED',
        severity: 'warning',
        evidence: { family: 'sources', error: 'registry unreadable' },
      }),
    );
    const checked = (await store.readStream(`quality-${other}`)).map(
      (e) => (e.data.finding as JsonObject | undefined)?.code,
    );
    expect(checked).toContain('RULE_VIOLATION');
  });

  it('completes on a district whose village values are mostly zero, saying "not enough data"', async () => {
    const store = await storeWithUnits(() => new Date('2025-04-20T02:00:00Z'));
    // 20 villages × 3 months = 60 values of waste collected, 45 of them 0: ≥ 50 values but < 50 non-zero
    for (const month of ['2025-01', '2025-02', '2025-03']) {
      for (let v = 1; v <= 20; v++) {
        const unitCode = `110101001${String(v).padStart(3, '0')}`;
        const collected = v <= 5 ? String(100 + v * 37) : '0';
        const values = { ...good, SAN_WASTE_COLLECTED: collected, SAN_WASTE_HARMLESS: collected };
        await store.appendToStream(
          reportStreamName({ form: 'sanitation', unitCode: unitCode as UnitCode, period: month }),
          [
            event(
              'ReportSubmitted',
              { form: 'sanitation', unitCode, period: month, values, source: { type: 'reporting_unit' } },
              `z-${month}-${v}`,
            ),
          ],
          { expectedRevision: 'no_stream' },
        );
      }
      await store.appendToStream(
        `deadline-sanitation-${month}`,
        [event('DeadlinePassed', { form: 'sanitation', period: month }, `d-${month}`)],
        { expectedRevision: 'no_stream' },
      );
    }
    const stats = await run(store);
    expect(stats.checksFailed).toBe(0);
    const screen = await store.readStream('quality-benford-sanitation-110101000000-2025-Q1');
    const collected = screen
      .map((e) => e.data.finding as JsonObject)
      .find((f) => f.indicator === 'SAN_WASTE_COLLECTED');
    expect(collected).toMatchObject({
      code: 'NOT_ENOUGH_DATA',
      evidence: expect.objectContaining({ n: 60, nonZero: 15 }),
    });
  });

  it('compares a unit with the rest of its parent: under two villages, one rising 90 % is flagged', async () => {
    const store = await storeWithUnits(() => new Date('2025-05-20T02:00:00Z'));
    // Village 1 goes 100 → 190 while village 2 stays at 100; the township's own total is their sum. Against the
    // whole township (+45 %) the relative change was 1.9 / 1.45 = 1.31 and passed; against the rest it is 1.9.
    const township = '110101001000' as UnitCode;
    const months = ['2025-01', '2025-02', '2025-03', '2025-04'];
    for (const [i, month] of months.entries()) {
      const one = i === 3 ? '190' : '100';
      for (const [unitCode, collected] of [
        [village, one],
        ['110101001002' as UnitCode, '100'],
        [township, String(Number(one) + 100)],
      ] as const) {
        const values = { ...good, SAN_WASTE_COLLECTED: collected, SAN_WASTE_HARMLESS: collected };
        await store.appendToStream(
          reportStreamName({ form: 'sanitation', unitCode, period: month }),
          [
            event(
              'ReportSubmitted',
              { form: 'sanitation', unitCode, period: month, values, source: { type: 'reporting_unit' } },
              `t-${month}-${unitCode}`,
            ),
          ],
          { expectedRevision: 'no_stream' },
        );
      }
      await store.appendToStream(
        `deadline-sanitation-${month}`,
        [event('DeadlinePassed', { form: 'sanitation', period: month }, `d-${month}`)],
        { expectedRevision: 'no_stream' },
      );
    }
    await run(store);
    const findings = (await store.readStream(`quality-${reportStreamName({ ...key, period: '2025-04' })}`)).map(
      (e) => e.data.finding as JsonObject | undefined,
    );
    expect(findings).toContainEqual(
      expect.objectContaining({
        code: 'INCONSISTENT_OVER_TIME',
        indicator: 'SAN_WASTE_COLLECTED',
        evidence: expect.objectContaining({ unitRatio: 1.9, parentRatio: 1, relative: 1.9 }),
      }),
    );
  });

  it('writes nothing twice when restarted without its checkpoint (a crash between write and checkpoint)', async () => {
    const store = await storeWithUnits(() => new Date('2025-04-09T02:00:00Z'));
    await store.appendToStream(
      stream,
      [
        event(
          'ReportSubmitted',
          { ...key, values: { ...good, SAN_WASTE_HARMLESS: '101' }, source: { type: 'reporting_unit' } },
          's',
        ),
      ],
      { expectedRevision: 'no_stream' },
    );
    await run(store);
    const written = await findingEvents(store);
    const fresh = runQualityWorker({
      store,
      checkpoints: createInMemoryEventStore().checkpoints,
      catalogue,
      sources,
      stopWhenCaughtUp: true,
    });
    expect((await fresh).findingsRaised).toBe(0);
    expect(await findingEvents(store)).toEqual(written);
  });

  it('reads back what a run wrote after its checkpoint before it stopped, and writes none of it twice', async () => {
    const store = await storeWithUnits(() => new Date('2025-04-09T02:00:00Z'));
    await store.appendToStream(
      stream,
      [event('ReportSubmitted', { ...key, values: good, source: { type: 'reporting_unit' } }, 's')],
      { expectedRevision: 'no_stream' },
    );
    await run(store);
    // A later report, checked by a run that appends its findings and then dies before saving its checkpoint.
    const later = reportStreamName({ ...key, unitCode: '110101001002' as UnitCode });
    await store.appendToStream(
      later,
      [
        event(
          'ReportSubmitted',
          {
            ...key,
            unitCode: '110101001002',
            values: { ...good, SAN_WASTE_HARMLESS: '101' },
            source: { type: 'reporting_unit' },
          },
          's2',
        ),
      ],
      { expectedRevision: 'no_stream' },
    );
    const dying = { ...store.checkpoints, save: () => Promise.reject(new Error('killed before the checkpoint')) };
    await expect(
      runQualityWorker({ store, checkpoints: dying, catalogue, sources, stopWhenCaughtUp: true }),
    ).rejects.toThrow('killed before the checkpoint');
    const written = await findingEvents(store);
    expect(
      written.some((e) => e.stream === `quality-${later}` && (e.data.finding as JsonObject).code === 'RULE_VIOLATION'),
    ).toBe(true);

    const again = await run(store);
    expect(again.findingsRaised + again.findingsResolved).toBe(0);
    expect(await findingEvents(store)).toEqual(written);
  });
});

describe('emission plan', () => {
  it('leaves a finding that still holds open, however its keys came back from the store', () => {
    const late = {
      code: 'LATE_SUBMISSION',
      severity: 'warning' as const,
      message: 'first submitted 3 days after the deadline',
      evidence: { deadline: 'd', daysLate: 3 },
    };
    // The log keeps canonical JSON: read back, the finding's keys are in sorted order.
    const readBack = JSON.parse(
      JSON.stringify({
        code: late.code,
        evidence: { daysLate: 3, deadline: 'd' },
        message: late.message,
        severity: late.severity,
      }),
    );
    const existing = [
      {
        type: 'QualityFindingRaised',
        data: { findingId: 'f1', subject: 's', family: 'timeliness', finding: readBack },
      },
    ];
    expect(
      planEmission('s', 'r', existing, new Map([['timeliness', [late]]]), { position: undefined, reason: 'x' }, {}),
    ).toEqual([]);
  });
});
