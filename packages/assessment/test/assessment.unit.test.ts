import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DomainError, type UnitCode } from '@statledger/domain';
import { createInMemoryEventStore, uuidFromName, type JsonObject } from '@statledger/event-store';
import { SCHEMAS_DIR, loadFormCatalogue } from '@statledger/form-catalogue';
import { contentHashOf, createAssessmentService, loadSchemes, noticeHtml } from '../src/index.ts';

const catalogue = loadFormCatalogue();
const schemes = loadSchemes(join(SCHEMAS_DIR, 'assessments'));
const isDenominatorSource = () => false;
const metadata = { principal: 'test', channel: 'api', correlationId: 'c' };
const key = { scheme: 'sanitation-statistics', root: '110100000000' as UnitCode, period: '2025' };
const actor = { principal: 'city-auditor', channel: 'api' as const };
const values = (collected: number) => ({
  SAN_ROAD_AREA: '3',
  SAN_WASTE_COLLECTED: String(collected),
  SAN_WASTE_HARMLESS: String(collected - 1),
  SAN_NIGHT_SOIL: '10',
  SAN_CONSTRUCTION_WASTE: '20',
  SAN_PUBLIC_TOILETS: '6',
  SAN_CLEANERS: '14',
});
const A = '110101000000';
const B = '110102000000';
const C = '110105000000';
const D = '110106000000';

/**
 * A city of four districts, each a township of four villages, reporting every month of 2025 on time: A and D
 * alike; B with errors found and a recount 20 % off; C reporting only three months (too few to rank).
 */
async function city() {
  let clock = Date.parse('2025-01-01T00:00:00Z');
  const store = createInMemoryEventStore({ now: () => new Date(clock) });
  let n = 0;
  const append = (stream: string, type: string, data: JsonObject) =>
    store.appendToStream(stream, [{ id: uuidFromName(`a${n++}`), type, data, metadata }], { expectedRevision: 'any' });
  await append('unit-110100000000', 'UnitRegistered', {
    code: '110100000000',
    name: '市辖区',
    parentCode: '110000000000',
  });
  for (const [district, name] of [
    [A, '东城区'],
    [B, '西城区'],
    [C, '朝阳区'],
    [D, '丰台区'],
  ] as const) {
    await append(`unit-${district}`, 'UnitRegistered', { code: district, name, parentCode: '110100000000' });
    const township = `${district.slice(0, 6)}001000`;
    await append(`unit-${township}`, 'UnitRegistered', { code: township, name: `${name}街道`, parentCode: district });
    for (const v of [1, 2, 3, 4])
      await append(`unit-${township.slice(0, 9)}00${v}`, 'UnitRegistered', {
        code: `${township.slice(0, 9)}00${v}`,
        name: `社区${v}`,
        parentCode: township,
      });
  }
  for (let month = 1; month <= 12; month++) {
    const period = `2025-${String(month).padStart(2, '0')}`;
    clock = Date.parse(`2025-${String(month).padStart(2, '0')}-28T00:00:00Z`) + 4 * 86_400_000;
    for (const district of [A, B, C, D]) {
      if (district === C && month > 3) continue;
      for (const v of [1, 2, 3, 4]) {
        const unit = `${district.slice(0, 6)}001${String(v).padStart(3, '0')}`;
        const stream = `report-sanitation-${unit}-${period}`;
        await append(stream, 'ReportSubmitted', {
          form: 'sanitation',
          unitCode: unit,
          period,
          values: values(100 + v),
          source: { type: 'reporting_unit' },
        });
        if (district === B && v === 1) {
          await append(`quality-${stream}`, 'QualityFindingRaised', {
            findingId: uuidFromName(`f-${stream}`),
            report: stream,
            subject: `quality-${stream}`,
            family: 'rules',
            finding: { code: 'RULE_VIOLATION', severity: 'error', message: 'x', evidence: {} },
          });
        }
      }
    }
  }
  const recounted = `report-sanitation-110102001002-2025-06`;
  await append(`auditfinding-${recounted}`, 'AuditFindingRecorded', {
    findingId: 'p/1',
    planId: 'p',
    report: recounted,
    reportRevision: 0,
    recounts: [{ indicator: 'SAN_WASTE_COLLECTED', reported: '102', recounted: '81.6' }],
    inspector: 'x',
    inspectedAt: '2025-07-01T00:00:00Z',
    evidence: [],
  });
  // Two explanations of the report's findings that the recount disproved.
  for (const n of [1, 2]) {
    const findingId = uuidFromName(`explained-${n}`);
    await append(`followup-${findingId}`, 'FindingExplanationRejected', {
      findingId,
      subject: `quality-${recounted}`,
      report: recounted,
      family: 'history',
      code: 'OUTLIER_OWN_HISTORY',
      reason: '复核值与说明不符',
      auditFindingRef: 'p/1',
    });
  }
  return { store, append };
}

describe('an assessment of a city’s districts, scored from the ledger', () => {
  it('scores every line with its trail, ranks with shared places, and leaves a unit with too few reports unranked', async () => {
    const { store } = await city();
    const service = createAssessmentService({ store, catalogue, isDenominatorSource, schemes });
    await service.record(
      key,
      { unit: B as UnitCode, indicator: 'LEDGER', score: '5', evidence: [], reason: '台账健全' },
      actor,
    );
    const card = await service.scorecard(key);
    const byUnit = Object.fromEntries(card.units.map((u) => [u.unit, u]));
    // A and D alike: equal totals share first place; B's errors (12 of 48 reports, 25 per 100) and its recount
    // 20 % off (VF 0.8) cost it 10 + 10 + 10 points; C is scored on its 12 reports but not ranked.
    expect(byUnit[A]!.total).toBe(byUnit[D]!.total);
    expect([byUnit[A]!.rank, byUnit[D]!.rank, byUnit[B]!.rank, byUnit[C]!.rank]).toEqual([1, 1, 3, null]);
    const line = (unit: string, code: string) => byUnit[unit]!.lines.find((l) => l.indicator === code)!;
    expect(line(B, 'ERRORS')).toMatchObject({ value: 25, score: 0 });
    expect(line(B, 'VF_DEVIATION')).toMatchObject({ value: 20, score: 0 });
    expect(line(B, 'DISCREPANCY_SHARE')).toMatchObject({ value: 100, score: 0 });
    expect(line(A, 'VF_DEVIATION')).toMatchObject({ value: null, score: 10, basis: 'not measured: full points' });
    expect(line(A, 'TIMELINESS').basis).toMatch(/^15 × linear/);
    // B's lines: 100 less errors (10), open errors (5), VF (10), discrepancies (10) and two explanations the recount
    // disproved (2 × 2.5): 60, at its cap of 60.
    expect(line(B, 'EXPLANATIONS_DISPROVED')).toMatchObject({ value: 2, score: 0 });
    expect(byUnit[B]!).toMatchObject({ total: 60, capped: null });
    // A scheme that caps a share of discrepancies above 20 % at 50 holds B there.
    const strict = {
      ...schemes.get(key.scheme),
      caps: [{ indicator: 'DISCREPANCY_SHARE', above: 20, maxTotal: 50, reason: '抽查差错率超过20%' }],
    };
    const strictCard = await createAssessmentService({
      store,
      catalogue,
      isDenominatorSource,
      schemes: { schemes: new Map([[key.scheme, strict]]), get: () => strict },
    }).scorecard(key);
    expect(strictCard.units.find((u) => u.unit === B)).toMatchObject({ total: 50, capped: { maxTotal: 50 } });
    expect(byUnit[C]!.reports).toBe(12);
  });

  it('voids the total of a unit that fails a veto item, and keeps every record of a line', async () => {
    const { store } = await city();
    const service = createAssessmentService({ store, catalogue, isDenominatorSource, schemes });
    await service.record(
      key,
      { unit: A as UnitCode, indicator: 'LEDGER', score: '4', evidence: [], reason: '台账基本健全' },
      actor,
    );
    await service.record(
      key,
      { unit: A as UnitCode, indicator: 'LEDGER', score: '5', evidence: [], reason: '补齐原始记录后复核' },
      actor,
    );
    await service.record(
      key,
      {
        unit: D as UnitCode,
        indicator: 'FALSIFICATION',
        vetoed: true,
        evidence: [{ sha256: 'a'.repeat(64), description: '调查报告' }],
        reason: '授意篡改清运量',
      },
      actor,
    );
    const card = await service.scorecard(key);
    const d = card.units.find((u) => u.unit === D)!;
    expect(d).toMatchObject({ total: 0, vetoed: true, grade: '不合格' });
    expect(card.units.find((u) => u.unit === A)!.lines.find((l) => l.indicator === 'LEDGER')).toMatchObject({
      score: 5,
      source: 'assessed',
    });
    expect((await store.readStream('assessment-sanitation-statistics-110100000000-2025')).length).toBe(3);
    await expect(
      service.record(key, { unit: A as UnitCode, indicator: 'LEDGER', score: '6', evidence: [], reason: 'x' }, actor),
    ).rejects.toBeInstanceOf(DomainError);
    await expect(
      service.record(key, { unit: A as UnitCode, indicator: 'ERRORS', score: '6', evidence: [], reason: 'x' }, actor),
    ).rejects.toThrow(/re-scored only by deciding an appeal/);
  });

  it('re-scores a contested line only by deciding its appeal, and publishes only when none is open', async () => {
    const { store } = await city();
    const service = createAssessmentService({ store, catalogue, isDenominatorSource, schemes });
    const { appealId } = await service.appeal(
      key,
      { unit: B as UnitCode, indicator: 'DISCREPANCY_SHARE', reason: '复核时点与上报口径不一致' },
      { principal: 'xicheng-reporter', channel: 'api' },
    );
    await expect(service.publish(key, actor)).rejects.toThrow(/open appeals/);
    await service.decide(
      key,
      appealId,
      'upheld',
      '口径差异属实',
      { score: '8', evidence: [], reason: '按口径调整后复核' },
      actor,
    );
    const line = (await service.scorecard(key)).units
      .find((u) => u.unit === B)!
      .lines.find((l) => l.indicator === 'DISCREPANCY_SHARE')!;
    expect(line).toMatchObject({ score: 8, source: 'appeal', value: 100 });
    await service.publish(key, actor);
  });

  it('keeps a published notice byte for byte when a figure is corrected later, and shows the correction in the live card', async () => {
    const { store, append } = await city();
    const service = createAssessmentService({ store, catalogue, isDenominatorSource, schemes });
    const published = await service.publish(key, actor);
    const [notice] = await service.notices(key);
    const scheme = schemes.get(key.scheme);
    const render = (n: typeof notice) =>
      noticeHtml(scheme, n!.notice as never, { rootName: '市辖区', contentHash: n!.contentHash });
    const before = render(notice);
    expect(before).toContain(published.contentHash);

    // An approval, then a correction after it: A's reports are now revised after approval.
    await append('report-sanitation-110101001001-2025-03', 'ReportApproved', { byUnit: '110101001000' });
    await append('report-sanitation-110101001001-2025-03', 'ReportCorrected', { values: values(90), reason: '更正' });
    const now = await service.scorecard(key);
    const then = await service.scorecard(key, { position: notice!.asOfPosition });
    expect(contentHashOf(then)).toBe(published.contentHash);
    expect(contentHashOf(now)).not.toBe(published.contentHash);
    expect(
      now.units.find((u) => u.unit === A)!.lines.find((l) => l.indicator === 'REVISED_AFTER_APPROVAL')!.value,
    ).toBeGreaterThan(0);
    expect(render((await service.notices(key))[0])).toBe(before);
    expect(await service.verify(key)).toEqual([
      { asOfPosition: notice!.asOfPosition, contentHash: published.contentHash, intact: true, reproduced: true },
    ]);
  });
});
