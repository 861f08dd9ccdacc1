import { createHash } from 'node:crypto';
import { createAuditService } from '@statledger/audit';
import type { AssessmentService } from '@statledger/assessment';
import type { FormCatalogue, UnitCode } from '@statledger/domain';
import type { CheckpointStore, EventStore } from '@statledger/event-store';
import { reportValuesOf, type Principal } from '@statledger/intake';
import { runQualityWorker, type SourceRegistry } from '@statledger/quality';
import type { CityTree } from './china-division.ts';
import type { FaultRegister } from './faults.ts';
import { demoRecounts } from './recount.ts';
import { seededRandom } from './random.ts';

export interface AssessDemoDeps {
  store: EventStore;
  catalogue: FormCatalogue;
  secret: Uint8Array;
  sourceRegistry: SourceRegistry;
  checkpoints: CheckpointStore;
  assessments: AssessmentService;
}

const assessor: Principal = { id: 'demo-assessor', role: 'auditor', unit: 'national' };
const digest = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * What the city's bureau does after the year, so that a newcomer sees rankings after `statledger demo`: the quality
 * checks run, an overt spot check of June drawn by district and recounted (the ledger's figures where the demo
 * faked them), ledgers and S&T work scored for a few districts, one other district vetoed for too few meetings on S&T,
 * and both assessments published.
 */
export async function assessDemoCity(
  deps: AssessDemoDeps,
  tree: CityTree,
  year: number,
  seed: number,
  faults: FaultRegister,
  fabricated: UnitCode,
) {
  const quality = await runQualityWorker({
    store: deps.store,
    checkpoints: deps.checkpoints,
    catalogue: deps.catalogue,
    sources: deps.sourceRegistry,
    stopWhenCaughtUp: true,
  });
  const ctx = {
    principal: assessor,
    channel: 'cli' as const,
    correlationId: `demo-assessment-${tree.city.code}-${year}`,
  };
  const audits = createAuditService(deps);
  const period = `${year}-06`;
  const design = { type: 'stratified' as const, allocation: 'proportional' as const };
  const { planId, plan } = await audits.plan(
    {
      form: 'sanitation',
      period,
      subtree: tree.city.code,
      method: 'overt',
      design,
      size: { n: 4 * tree.districts.length },
      seed,
    },
    ctx,
  );
  const sample = await Promise.all(
    plan.sample.map(async (s) => ({
      report: s.report,
      reported: reportValuesOf(await deps.store.readStream(s.report)),
    })),
  );
  for (const row of demoRecounts(sample, faults, `${period.slice(0, 4)}-07-20T10:00:00+08:00`)) {
    const recounted = Object.fromEntries(
      Object.entries(row)
        .filter(([k]) => k.startsWith('SAN_'))
        .map(([k, v]) => [k, String(v)]),
    );
    const evidence = [{ sha256: row.evidence_sha256, description: row.evidence }];
    await audits.recordFinding(
      planId,
      { report: row.report, recounted, inspector: row.inspector, inspectedAt: row.inspected_at, evidence },
      { ...ctx, idempotencyKey: `${ctx.correlationId}:${row.report}` },
    );
  }

  const rng = seededRandom(seed + 7);
  // Idempotent: a demo run again over the same log appends nothing more.
  const actor = (what: string) => ({
    principal: assessor.id,
    channel: 'cli' as const,
    correlationId: ctx.correlationId,
    idempotencyKey: `${ctx.correlationId}:${what}`,
  });
  const sanitation = { scheme: 'sanitation-statistics', root: tree.city.code, period: String(year) };
  const science = { scheme: 'science-technology', root: tree.city.code, period: String(year) };
  const evidenceOf = (district: UnitCode, what: string) => [
    { sha256: digest(`${what} ${district} ${year}`), description: `${what}（demo）` },
  ];
  for (const district of tree.districts.slice(0, 6)) {
    const score = String(3 + rng.int(0, 2));
    await deps.assessments.record(
      sanitation,
      {
        unit: district.code,
        indicator: 'LEDGER',
        score,
        evidence: evidenceOf(district.code, '统计台账现场核查记录'),
        reason: '现场核查统计台账与原始记录',
      },
      actor(`LEDGER:${district.code}`),
    );
  }
  const qualitative = ['PLAN', 'PERFORMANCE', 'STATISTICS', 'FUNDING_MECHANISM', 'SERVICES'];
  for (const district of tree.districts.slice(0, 4)) {
    for (const indicator of qualitative) {
      await deps.assessments.record(
        science,
        {
          unit: district.code,
          indicator,
          score: String(2 + rng.int(0, 1)),
          evidence: evidenceOf(district.code, `${indicator} 佐证材料`),
          reason: '依据佐证材料评分',
        },
        actor(`${indicator}:${district.code}`),
      );
    }
  }
  // Not the district with fabricated figures: its place must come from its data alone.
  const vetoed = tree.districts.filter((d) => d.code !== fabricated).at(-1)!;
  await deps.assessments.record(
    science,
    {
      unit: vetoed.code,
      indicator: 'SPECIAL_MEETINGS',
      vetoed: true,
      evidence: evidenceOf(vetoed.code, '会议纪要'),
      reason: '党委、政府全年仅召开一次科技工作专题会议',
    },
    actor('veto'),
  );
  const published = [
    await deps.assessments.publish(sanitation, actor('publish')),
    await deps.assessments.publish(science, actor('publish')),
  ];
  return { quality, planId, recounted: plan.sample.length, vetoed, published, keys: { sanitation, science } };
}
