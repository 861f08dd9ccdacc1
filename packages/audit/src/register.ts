import { ancestorAtTier, type AuditEvent, type AuditPlanned, type UnitCode } from '@statledger/domain';
import { lotDecision, type LotDecision } from './lqas.ts';
import { planVerification, verificationFactor, type DesignOfPlan } from './verification.ts';

/** An audit event as the log recorded it. */
export type RecordedAuditEvent<T extends AuditEvent['type'] = AuditEvent['type']> = Extract<AuditEvent, { type: T }> & {
  position: string;
  recordedAt: string;
  principal: string;
};

export interface FindingView {
  findingId: string;
  report: string;
  unitCode: UnitCode;
  inspector: string;
  inspectedAt: string;
  recordedAt: string;
  position: string;
  recounts: {
    indicator: string;
    reported: string;
    recounted: string;
    vf: string | null;
    discrepancy: boolean;
    direction: string;
  }[];
  evidence: { sha256: string; description: string }[];
  discrepancy: boolean;
  /** Open until a correction of the report that names the finding changes a recounted value. */
  followUp: 'none' | 'open' | 'closed';
  /** The correction that closed the follow-up: who, when, and what it changed. */
  closedBy?: CorrectionNamingFinding;
  /** Corrections that named the finding but changed none of its recounted values: they close nothing. */
  namedWithoutChange?: CorrectionNamingFinding[];
}

/** A correction of an audited report that names one of its findings (`findingRef`). */
export interface CorrectionNamingFinding {
  by: string;
  at: string;
  position: string;
  changes: { indicator: string; from: string | null; to: string | null }[];
}

export interface AuditPlanEntry {
  plan: AuditPlanned['data'];
  plannedBy: string;
  plannedAt: string;
  status: 'open' | 'closed';
  closedAt?: string;
  summary?: string;
  findings: FindingView[];
  progress: { sampled: number; recounted: number; share: number };
  verification: ReturnType<typeof planVerification>;
  byDistrict: {
    district: string;
    sampled: number;
    recounted: number;
    discrepant: number;
    aggregateVf: Record<string, string | null>;
  }[];
  /** LQAS plans: each township's verdict under the rule for its lot. */
  lots?: LotVerdict[];
  openFollowUps: number;
}

export interface LotVerdict {
  township: string;
  sampled: number;
  recounted: number;
  discrepant: number;
  d: number;
  decision: LotDecision;
}

/**
 * The audit register: plans, their samples, progress and VF results per district, folded from the audit
 * events. `corrections` are, per finding id, the corrections of its report that named it.
 */
export function auditRegister(
  events: readonly RecordedAuditEvent[],
  corrections: ReadonlyMap<string, readonly CorrectionNamingFinding[]>,
): AuditPlanEntry[] {
  const plans = new Map<
    string,
    {
      planned: RecordedAuditEvent<'AuditPlanned'>;
      closed?: RecordedAuditEvent<'AuditClosed'>;
      findings: RecordedAuditEvent<'AuditFindingRecorded'>[];
    }
  >();
  for (const e of events) {
    const { planId } = e.data;
    if (e.type === 'AuditPlanned') plans.set(planId, { planned: e, findings: [] });
    else if (e.type === 'AuditFindingRecorded') plans.get(planId)?.findings.push(e);
    else if (e.type === 'AuditClosed') plans.get(planId)!.closed = e;
  }
  return [...plans.values()].map(({ planned, closed, findings }) => entryOf(planned, closed, findings, corrections));
}

function entryOf(
  planned: RecordedAuditEvent<'AuditPlanned'>,
  closed: RecordedAuditEvent<'AuditClosed'> | undefined,
  findingEvents: RecordedAuditEvent<'AuditFindingRecorded'>[],
  corrections: ReadonlyMap<string, readonly CorrectionNamingFinding[]>,
): AuditPlanEntry {
  const plan = planned.data;
  const unitOf = new Map(plan.sample.map((s) => [s.report, s.unitCode]));
  // A report recounted twice counts with its latest finding.
  const latest = new Map<string, RecordedAuditEvent>();
  for (const f of findingEvents) latest.set(f.data.report, f);
  const findings = findingEvents.map((f) => findingView(f, unitOf, corrections));
  const current = findings.filter((f) => latest.get(f.report)?.position === f.position);
  const recounts = current.flatMap((f) =>
    f.recounts.map((r) => ({ report: f.report, indicator: r.indicator, reported: r.reported, recounted: r.recounted })),
  );
  const design = designOf(plan);
  const districtOf = (code: UnitCode) => ancestorAtTier(code, 'district');
  const districts = [...new Set(plan.sample.map((s) => districtOf(s.unitCode)))].sort();
  return {
    plan,
    plannedBy: planned.principal,
    plannedAt: planned.recordedAt,
    status: closed ? 'closed' : 'open',
    ...(closed ? { closedAt: closed.recordedAt, summary: closed.data.summary } : {}),
    findings,
    progress: {
      sampled: plan.sample.length,
      recounted: latest.size,
      share: plan.sample.length === 0 ? 0 : latest.size / plan.sample.length,
    },
    verification: planVerification(recounts, design),
    byDistrict: districts.map((district) => {
      const inDistrict = current.filter((f) => districtOf(f.unitCode) === district);
      const verification = planVerification(
        recounts.filter((r) => inDistrict.some((f) => f.report === r.report)),
        design,
      );
      return {
        district,
        sampled: plan.sample.filter((s) => districtOf(s.unitCode) === district).length,
        recounted: inDistrict.length,
        discrepant: verification.discrepantReports,
        aggregateVf: verification.aggregateVf,
      };
    }),
    ...(plan.design.type === 'lqas' ? { lots: lotVerdicts(plan, current) } : {}),
    openFollowUps: current.filter((f) => f.followUp === 'open').length,
  };
}

/** Design weights as drawn: every design but PPS drew by simple random sampling within its strata. */
function designOf(plan: AuditPlanned['data']): DesignOfPlan {
  return {
    drawnAs: new Map(
      plan.sample.map((s) => [s.report, { stratum: s.stratum ?? '', inclusionProbability: s.inclusionProbability }]),
    ),
    withoutReplacement: plan.design.type !== 'pps',
  };
}

/** Each township against the rule recorded for its lot (plans of version 1 recorded one rule for all). */
function lotVerdicts(plan: AuditPlanned['data'], current: readonly FindingView[]): LotVerdict[] {
  const calculation = plan.calculation as { rule?: { d: number }; lots?: unknown };
  const rules = new Map(
    Array.isArray(calculation.lots)
      ? (calculation.lots as { township: string; d: number }[]).map((l) => [l.township, l.d])
      : [],
  );
  const townships = [...new Set(plan.sample.map((s) => s.stratum ?? ''))].sort();
  return townships.map((township) => {
    const sampled = plan.sample.filter((s) => s.stratum === township).length;
    const found = current.filter((f) => ancestorAtTier(f.unitCode, 'subdistrict') === township);
    const discrepant = found.filter((f) => f.discrepancy).length;
    const d = rules.get(township) ?? calculation.rule!.d;
    return {
      township,
      sampled,
      recounted: found.length,
      discrepant,
      d,
      decision: lotDecision({ d }, sampled, found.length, discrepant),
    };
  });
}

export function findingView(
  event: RecordedAuditEvent<'AuditFindingRecorded'>,
  unitOf: ReadonlyMap<string, UnitCode>,
  corrections: ReadonlyMap<string, readonly CorrectionNamingFinding[]>,
): FindingView {
  const { data } = event;
  const recounts = data.recounts.map((r) => ({ ...r, ...verificationFactor(r.reported, r.recounted) }));
  const discrepancy = recounts.some((r) => r.discrepancy);
  // An unchanged value never closes a discrepancy: the correction must change a value that was recounted.
  const recounted = new Set(data.recounts.map((r) => r.indicator));
  const naming = corrections.get(data.findingId) ?? [];
  const closedBy = naming.find((c) => c.changes.some((change) => recounted.has(change.indicator)));
  const idle = naming.filter((c) => c !== closedBy && !c.changes.some((change) => recounted.has(change.indicator)));
  return {
    findingId: data.findingId,
    report: data.report,
    unitCode: unitOf.get(data.report)!,
    inspector: data.inspector,
    inspectedAt: data.inspectedAt,
    recordedAt: event.recordedAt,
    position: event.position,
    recounts,
    evidence: data.evidence,
    discrepancy,
    followUp: !discrepancy ? 'none' : closedBy ? 'closed' : 'open',
    ...(closedBy ? { closedBy } : {}),
    ...(idle.length ? { namedWithoutChange: idle } : {}),
  };
}
