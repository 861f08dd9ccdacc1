import { DomainError } from './errors.ts';
import type { AuditEvent, AuditFindingRecorded, AuditPlanned, Recount } from './audit-events.ts';
import { findingIdOf } from './audit-events.ts';
import { isWithinSubtree, type UnitCode } from './unit-code.ts';

export interface AuditPlanState {
  plan: AuditPlanned['data'] | undefined;
  closed: boolean;
}

export const initialAuditPlanState = (): AuditPlanState => ({ plan: undefined, closed: false });

export function evolveAuditPlan(state: AuditPlanState, event: AuditEvent): AuditPlanState {
  if (event.type === 'AuditPlanned') return { ...state, plan: event.data };
  if (event.type === 'AuditClosed') return { ...state, closed: true };
  return state;
}

export class AuditRuleError extends DomainError {}

/** A plan is recorded once; planning the same thing again (same id) is a retry and appends nothing. */
export function decideAuditPlan(state: AuditPlanState, planned: AuditPlanned['data']): AuditPlanned[] {
  if (state.plan) return [];
  if (planned.sample.length === 0) throw new AuditRuleError('EMPTY_SAMPLE', 'the plan draws no report');
  return [{ type: 'AuditPlanned', data: planned }];
}

export interface FindingInput {
  report: string;
  reportRevision: number;
  /** The report's values at that revision, from which `reported` is taken. */
  reportedValues: Readonly<Record<string, string>>;
  recounted: Readonly<Record<string, string>>;
  inspector: string;
  inspectedAt: string;
  evidence: { sha256: string; description: string }[];
  note?: string | undefined;
}

/**
 * A finding belongs to an open plan and a sampled report, and recounts indicators the report states.
 * `earlierFindings` are the report's findings so far, from any plan (they number this one).
 */
export function decideAuditFinding(
  state: AuditPlanState,
  earlierFindings: readonly AuditFindingRecorded[],
  input: FindingInput,
): AuditFindingRecorded[] {
  const plan = state.plan;
  if (!plan) throw new AuditRuleError('PLAN_NOT_FOUND', 'no such audit plan; list plans with statledger audit show');
  if (state.closed)
    throw new AuditRuleError('PLAN_CLOSED', `audit plan ${plan.planId} is closed; findings go to an open plan`);
  if (!plan.sample.some((s) => s.report === input.report)) {
    throw new AuditRuleError(
      'NOT_IN_SAMPLE',
      `${input.report} is not in the sample of plan ${plan.planId}; a finding outside the sample would bias its results`,
    );
  }
  const recounts: Recount[] = Object.entries(input.recounted).map(([indicator, recounted]) => {
    const reported = input.reportedValues[indicator];
    if (reported === undefined)
      throw new AuditRuleError(
        'INDICATOR_NOT_REPORTED',
        `the report states no ${indicator}; recount an indicator it states (${Object.keys(input.reportedValues).join(', ')})`,
      );
    return { indicator, reported, recounted };
  });
  if (recounts.length === 0) throw new AuditRuleError('NOTHING_RECOUNTED', 'a finding recounts at least one indicator');
  const sequence = earlierFindings.filter((f) => f.data.planId === plan.planId).length + 1;
  return [
    {
      type: 'AuditFindingRecorded',
      data: {
        findingId: findingIdOf(plan.planId, input.report, sequence),
        planId: plan.planId,
        report: input.report,
        reportRevision: input.reportRevision,
        recounts: recounts.sort((a, b) => (a.indicator < b.indicator ? -1 : 1)),
        inspector: input.inspector,
        inspectedAt: input.inspectedAt,
        evidence: input.evidence,
        ...(input.note ? { note: input.note } : {}),
      },
    },
  ];
}

export function decideAuditClose(state: AuditPlanState, summary: string): AuditEvent[] {
  if (!state.plan)
    throw new AuditRuleError('PLAN_NOT_FOUND', 'no such audit plan; list plans with statledger audit show');
  if (state.closed) return [];
  return [{ type: 'AuditClosed', data: { planId: state.plan.planId, summary } }];
}

/** Who asks: the role and the root of the subtree a principal acts in. */
export interface Viewer {
  role: string;
  unit: 'national' | UnitCode;
}

/**
 * Whether a plan exists for this viewer. Only principals whose subtree overlaps the plan's see it, and the
 * audited units' reporters and approvers do not see a covert plan (暗查) until it is closed: to them it, its
 * findings and any reference to them do not exist, whatever they ask.
 */
export function canSeePlan(
  viewer: Viewer,
  plan: Pick<AuditPlanned['data'], 'subtree' | 'method'>,
  closed: boolean,
): boolean {
  const overlaps =
    viewer.unit === 'national' ||
    isWithinSubtree(plan.subtree, viewer.unit) ||
    isWithinSubtree(viewer.unit, plan.subtree);
  if (!overlaps) return false;
  if (viewer.role === 'reporter' || viewer.role === 'approver') return plan.method !== 'covert' || closed;
  return true;
}

/** The plan a finding id names: findingIdOf(planId, report, n) is `${planId}/${report}/${n}`. */
export const planIdOfFinding = (findingId: string): string => findingId.split('/')[0]!;
