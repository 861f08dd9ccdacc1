import { describe, expect, it } from 'vitest';
import { parseUnitCode } from '@statledger/domain';
import { NotFoundError, ForbiddenError, RequestValidationError } from '@statledger/intake';
import { planAuditRequestSchema, planIdOf } from '../src/index.ts';
import {
  TEST_SECRET,
  admin,
  auditFixture,
  auditor,
  collectedOf,
  stratifiedPlan,
  villageReporter,
  villages,
} from './audit-fixture.ts';

const ctx = { principal: auditor, channel: 'cli' as const };
const finding = (report: string, recounted: Record<string, string>) => ({
  report,
  recounted,
  inspector: '王检查',
  inspectedAt: '2025-04-20T10:00:00+08:00',
  evidence: [{ sha256: 'a'.repeat(64), description: '统计台账照片' }],
});

describe('planning a spot check', () => {
  it('records population, design, seed, calculation and a sample that splits 12 over two districts of 30', async () => {
    const { audits, store } = await auditFixture();
    const { planId, created, plan } = await audits.plan(stratifiedPlan, ctx);
    expect(created).toBe(true);
    expect(planId).toMatch(/^sanitation-2025-03-1101-[0-9a-f]{12}$/);
    expect(plan.population.count).toBe(60);
    expect(plan.sample).toHaveLength(12);
    expect(plan.calculation.strata).toEqual([
      expect.objectContaining({ stratum: '110101000000', populationSize: 30, n: 6 }),
      expect.objectContaining({ stratum: '110102000000', populationSize: 30, n: 6 }),
    ]);
    expect(plan.sample.every((s) => s.inclusionProbability === 6 / 30)).toBe(true);
    const [event] = await store.readStream(`audit-${planId}`);
    expect(event).toMatchObject({ type: 'AuditPlanned', metadata: { principal: 'city-auditor' } });
  });

  it('computes the size from margin of error and confidence with the finite-population correction', async () => {
    const { audits } = await auditFixture();
    // n₀ = 1.645² · 0.25 / 0.1² = 67.64; n = 67.64 / (1 + 66.64/60) = 32.04 → 33
    const { plan } = await audits.plan(
      {
        ...stratifiedPlan,
        design: { type: 'simple_random' },
        size: { marginOfError: 0.1, confidence: 0.9, proportion: 0.5 },
      },
      ctx,
    );
    expect(plan.sample).toHaveLength(33);
    expect(plan.calculation.size).toMatchObject({
      n: 33,
      inputs: { populationSize: 60, marginOfError: 0.1, confidence: 0.9 },
    });
  });

  it('keys plan ids with the server secret: a covert plan\u2019s id names nothing it audits and cannot be derived without it', () => {
    const request = planAuditRequestSchema.parse({ ...stratifiedPlan, method: 'covert' });
    const id = planIdOf(request, TEST_SECRET);
    expect(id).toMatch(/^plan-[0-9a-f]{24}$/);
    expect(planIdOf(request, TEST_SECRET)).toBe(id);
    expect(planIdOf(request, Buffer.alloc(32, 8))).not.toBe(id);
  });

  it('is a retry when planned again with the same inputs, and another plan with another seed', async () => {
    const { audits, store } = await auditFixture();
    const first = await audits.plan(stratifiedPlan, ctx);
    const before = (await store.readAll()).length;
    expect(await audits.plan(stratifiedPlan, ctx)).toMatchObject({ planId: first.planId, created: false });
    expect(await store.readAll()).toHaveLength(before);
    const other = await audits.plan({ ...stratifiedPlan, seed: 7 }, ctx);
    expect(other.planId).not.toBe(first.planId);
    expect(other.plan.sample.map((s) => s.report)).not.toEqual(first.plan.sample.map((s) => s.report));
  });

  it('says so when the same request is planned again after a correction, and draws anew at a named log position', async () => {
    const { audits, reports, store } = await auditFixture();
    const pps = { ...stratifiedPlan, design: { type: 'pps' as const, sizeIndicator: 'SAN_WASTE_COLLECTED' } };
    const first = await audits.plan(pps, ctx);
    expect(first).toMatchObject({ created: true });
    const values = {
      SAN_ROAD_AREA: '1',
      SAN_WASTE_COLLECTED: '99999',
      SAN_WASTE_HARMLESS: '1',
      SAN_NIGHT_SOIL: '1',
      SAN_CONSTRUCTION_WASTE: '1',
      SAN_PUBLIC_TOILETS: '1',
      SAN_CLEANERS: '1',
    };
    await reports.execute(
      { form: 'sanitation', unitCode: parseUnitCode('110101001010'), period: '2025-03' },
      { type: 'CorrectReport', values, reason: '更正' },
      { principal: admin, channel: 'api' },
    );
    const again = await audits.plan(pps, ctx);
    expect(again).toMatchObject({ planId: first.planId, created: false, populationChanged: true });
    expect(again.note).toMatch(
      /drawn from the log up to position \d+ \(60 reports\); the population has changed since/,
    );
    const head = String(BigInt((await store.headPosition())!));
    const redrawn = await audits.plan({ ...pps, asOfPosition: head }, ctx);
    expect(redrawn).toMatchObject({ created: true });
    expect(redrawn.plan.population.digest).not.toBe(first.plan.population.digest);
    expect(redrawn.plan.sample.map((s) => s.report)).toContain('report-sanitation-110101001010-2025-03');
    await expect(audits.plan({ ...pps, asOfPosition: '999999' }, ctx)).rejects.toMatchObject({
      issues: [{ path: ['asOfPosition'] }],
    });
  });

  it('replays the draw from the log as it stood, unaffected by reports submitted since', async () => {
    const { audits, reports } = await auditFixture();
    const { planId } = await audits.plan(
      { ...stratifiedPlan, design: { type: 'pps', sizeIndicator: 'SAN_WASTE_COLLECTED' } },
      ctx,
    );
    const late = parseUnitCode('110101001010');
    await reports.execute(
      { form: 'sanitation', unitCode: late, period: '2025-03' },
      {
        type: 'CorrectReport',
        values: {
          SAN_ROAD_AREA: '1',
          SAN_WASTE_COLLECTED: '99999',
          SAN_WASTE_HARMLESS: '1',
          SAN_NIGHT_SOIL: '1',
          SAN_CONSTRUCTION_WASTE: '1',
          SAN_PUBLIC_TOILETS: '1',
          SAN_CLEANERS: '1',
        },
        reason: '更正',
      },
      { principal: admin, channel: 'api' },
    );
    expect(await audits.replay(planId, auditor)).toMatchObject({
      identical: true,
      populationMatches: true,
      sampleSize: 12,
      onlyRecorded: [],
      onlyRedrawn: [],
      selectionVersion: 2,
    });
  });

  it('refuses a plan outside the auditor\u2019s subtree, an unknown indicator, and a reporter', async () => {
    const { audits } = await auditFixture();
    await expect(audits.plan({ ...stratifiedPlan, subtree: parseUnitCode('1201') }, ctx)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(
      audits.plan({ ...stratifiedPlan, design: { type: 'pps', sizeIndicator: 'NOPE' } }, ctx),
    ).rejects.toMatchObject({ issues: [{ path: ['design', 'sizeIndicator'] }] });
    await expect(audits.plan(stratifiedPlan, { principal: villageReporter, channel: 'api' })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect(() => planAuditRequestSchema.parse({ ...stratifiedPlan, size: undefined })).toThrow(/size/);
  });

  it('draws 19 reports per township for LQAS and states the rule', async () => {
    const { audits } = await auditFixture();
    const { plan } = await audits.plan(
      planAuditRequestSchema.parse({
        ...stratifiedPlan,
        size: undefined,
        design: { type: 'lqas', acceptableRate: 0.1, unacceptableRate: 0.4 },
      }),
      ctx,
    );
    // six townships of ten villages: all ten each, each judged by the rule for a lot of ten
    expect(plan.sample).toHaveLength(60);
    expect(plan.calculation.rule).toMatchObject({ n: 19, d: 4 });
    expect(plan.calculation.lots).toContainEqual({
      township: '110101001000',
      populationSize: 10,
      n: 10,
      d: 1,
      alpha: 0,
      beta: 0,
    });
  });

  it('gives each LQAS township its verdict in the register as recounts come in', async () => {
    const { audits } = await auditFixture();
    const { planId, plan } = await audits.plan(
      planAuditRequestSchema.parse({
        ...stratifiedPlan,
        size: undefined,
        design: { type: 'lqas', acceptableRate: 0.1, unacceptableRate: 0.4 },
      }),
      ctx,
    );
    const township = plan.sample.filter((s) => s.stratum === '110101001000').map((s) => s.report);
    // at most 1 of 10 may be off: two discrepancies fail the township before the rest are recounted
    for (const report of township.slice(0, 2))
      await audits.recordFinding(planId, finding(report, { SAN_WASTE_COLLECTED: '1' }), ctx);
    const lots = (await audits.show(planId, auditor)).lots!;
    expect(lots.find((l) => l.township === '110101001000')).toEqual({
      township: '110101001000',
      sampled: 10,
      recounted: 2,
      discrepant: 2,
      d: 1,
      decision: 'fail',
    });
    expect(lots.find((l) => l.township === '110101002000')).toMatchObject({ recounted: 0, decision: 'pending' });
  });
});

describe('findings and verification factors', () => {
  it('takes the reported value from the report, keeps evidence, and sums VF per plan and district', async () => {
    const { audits } = await auditFixture();
    const { planId, plan } = await audits.plan(stratifiedPlan, ctx);
    const [a, b, c] = plan.sample.map((s) => s.report);
    const reportedOf = (report: string) => Number(collectedOf(villages().findIndex((v) => report.includes(v))));
    // a over-reported ×1000 would be VF 0.001; here: a recounted at 70 %, b at 130 % (they cancel), c exact
    await audits.recordFinding(planId, finding(a!, { SAN_WASTE_COLLECTED: String(reportedOf(a!) * 0.7) }), ctx);
    await audits.recordFinding(planId, finding(b!, { SAN_WASTE_COLLECTED: String(reportedOf(b!) * 1.3) }), ctx);
    await audits.recordFinding(planId, finding(c!, { SAN_WASTE_COLLECTED: String(reportedOf(c!)) }), ctx);
    const entry = await audits.show(planId, auditor);
    expect(entry.progress).toEqual({ sampled: 12, recounted: 3, share: 0.25 });
    const expectedAggregate =
      (reportedOf(a!) * 0.7 + reportedOf(b!) * 1.3 + reportedOf(c!)) /
      (reportedOf(a!) + reportedOf(b!) + reportedOf(c!));
    // 6 of 30 in each district: self-weighting, so the weighted ratio is the plain one, to 4 decimals
    expect(entry.verification.aggregateVf.SAN_WASTE_COLLECTED).toBe(expectedAggregate.toFixed(4));
    expect(entry.verification).toMatchObject({ reports: 3, discrepantReports: 2, selfWeighting: true });
    expect(entry.findings[0]).toMatchObject({
      recounts: [{ indicator: 'SAN_WASTE_COLLECTED', vf: '0.7000', direction: 'over-reported' }],
      followUp: 'open',
      evidence: [{ description: '统计台账照片' }],
    });
    expect(entry.byDistrict.reduce((s, d) => s + d.recounted, 0)).toBe(3);
    expect(entry.openFollowUps).toBe(2);
  });

  it('closes a follow-up by a correction that references the finding, and refuses a reference to no finding', async () => {
    const { audits, reports } = await auditFixture();
    const { planId, plan } = await audits.plan(stratifiedPlan, ctx);
    const report = plan.sample[0]!.report;
    const { findingId } = await audits.recordFinding(planId, finding(report, { SAN_WASTE_COLLECTED: '1' }), ctx);
    const key = { form: 'sanitation', unitCode: plan.sample[0]!.unitCode, period: '2025-03' };
    const values = {
      SAN_ROAD_AREA: '12.5',
      SAN_WASTE_COLLECTED: '1',
      SAN_WASTE_HARMLESS: '1',
      SAN_NIGHT_SOIL: '40',
      SAN_CONSTRUCTION_WASTE: '120',
      SAN_PUBLIC_TOILETS: '18',
      SAN_CLEANERS: '42',
    };
    await expect(
      reports.execute(
        key,
        { type: 'CorrectReport', values, reason: '按抽查更正', findingRef: 'no-such-finding' },
        { principal: admin, channel: 'api' },
      ),
    ).rejects.toBeInstanceOf(RequestValidationError);
    expect((await audits.show(planId, auditor)).openFollowUps).toBe(1);
    await reports.execute(
      key,
      { type: 'CorrectReport', values, reason: '按抽查更正', findingRef: findingId },
      { principal: admin, channel: 'api' },
    );
    const entry = await audits.show(planId, auditor);
    expect(entry.openFollowUps).toBe(0);
    expect(entry.findings[0]!.followUp).toBe('closed');
  });

  it('refuses a finding on a report outside the sample, on an indicator the report lacks, and after closing', async () => {
    const { audits } = await auditFixture();
    const { planId, plan } = await audits.plan(stratifiedPlan, ctx);
    const sampled = new Set(plan.sample.map((s) => s.report));
    const outside = villages()
      .map((v) => `report-sanitation-${v}-2025-03`)
      .find((r) => !sampled.has(r))!;
    await expect(
      audits.recordFinding(planId, finding(outside, { SAN_WASTE_COLLECTED: '1' }), ctx),
    ).rejects.toMatchObject({ code: 'NOT_IN_SAMPLE' });
    await expect(
      audits.recordFinding(planId, finding(plan.sample[0]!.report, { NOPE: '1' }), ctx),
    ).rejects.toMatchObject({ code: 'INDICATOR_NOT_REPORTED' });
    await audits.close(planId, '抽查完成', ctx);
    await expect(
      audits.recordFinding(planId, finding(plan.sample[0]!.report, { SAN_WASTE_COLLECTED: '1' }), ctx),
    ).rejects.toMatchObject({ code: 'PLAN_CLOSED' });
  });

  it('appends a retried finding once when it carries an idempotency key', async () => {
    const { audits } = await auditFixture();
    const { planId, plan } = await audits.plan(stratifiedPlan, ctx);
    const request = finding(plan.sample[0]!.report, { SAN_WASTE_COLLECTED: '5' });
    const first = await audits.recordFinding(planId, request, { ...ctx, idempotencyKey: 'visit-1' });
    const retry = await audits.recordFinding(planId, request, { ...ctx, idempotencyKey: 'visit-1' });
    expect(retry).toEqual({ findingId: first.findingId, appended: false });
    expect((await audits.show(planId, auditor)).findings).toHaveLength(1);
  });
});

describe('covert spot checks (暗查)', () => {
  it('are invisible to the audited units\u2019 reporters until closed, and visible to auditors throughout', async () => {
    const { audits } = await auditFixture();
    const { planId, plan } = await audits.plan(
      { ...stratifiedPlan, method: 'covert', design: { type: 'simple_random' }, size: { n: 60 } },
      ctx,
    );
    const own = plan.sample.find((s) => s.unitCode === villageReporter.unit)!.report;
    await audits.recordFinding(planId, finding(own, { SAN_WASTE_COLLECTED: '1' }), ctx);
    await expect(audits.show(planId, villageReporter)).rejects.toBeInstanceOf(NotFoundError);
    expect(await audits.register(villageReporter)).toEqual([]);
    expect(await audits.findingsOf(own, villageReporter)).toEqual([]);
    expect(await audits.findingsOf(own, auditor)).toHaveLength(1);
    await audits.close(planId, '暗查结束', ctx);
    expect((await audits.show(planId, villageReporter)).status).toBe('closed');
    expect(await audits.findingsOf(own, villageReporter)).toHaveLength(1);
  });
});
