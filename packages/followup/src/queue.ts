import { isWithinSubtree, type UnitCode } from '@statledger/domain';
import { ACTIVE, type FindingRecord, type FindingsFold, type FollowUpStatus, type Severity } from './findings-fold.ts';
import { deviationOf, impactOf } from './impact.ts';
import { dueDateOf, type FollowUpPolicy } from './policy.ts';

export interface QueueFilter {
  /** Findings of units in this subtree; 'national' for all. */
  under: UnitCode | 'national';
  period?: string | undefined;
  form?: string | undefined;
  code?: string | undefined;
  severity?: Severity | undefined;
  /** Default: the active ones (open and explained). */
  states?: readonly FollowUpStatus[] | undefined;
  assignee?: string | undefined;
  /** Only those past their due date. */
  overdue?: boolean | undefined;
  /** Only the work waiting on this principal (see `waitsOn`). */
  mine?: { id: string; role: string; unit: UnitCode | 'national' } | undefined;
}

/**
 * Whether a finding's next step is this principal's: assigned to them; or, unassigned, an open finding of the
 * units they report for (their subtree) for reporters, an explanation to review below them or an escalation to
 * their unit for approvers and auditors.
 */
export function waitsOn(f: FindingRecord, p: NonNullable<QueueFilter['mine']>): boolean {
  if (!ACTIVE.includes(f.status)) return false;
  if (f.assignee) return f.assignee === p.id;
  const within = p.unit === 'national' || isWithinSubtree(f.unit, p.unit);
  if (p.role === 'reporter') return f.status === 'open' && within;
  if (p.role !== 'approver' && p.role !== 'auditor' && p.role !== 'admin') return false;
  const below = within && f.unit !== p.unit;
  return (below && f.status === 'explained') || (p.unit !== 'national' && f.escalatedTo === p.unit);
}

/** One line of a work queue: the finding, where its work stands, and how much it weighs on the parent's figure. */
export interface QueueItem {
  findingId: string;
  unit: UnitCode;
  unitName: string | null;
  form: string;
  period: string;
  report: string | null;
  code: string;
  severity: Severity;
  indicator: string | null;
  message: string;
  status: FollowUpStatus;
  value: string | null;
  /** |reported − expected| in the indicator's unit, from the check's evidence. */
  deviation: number | null;
  parentTotal: number | null;
  /** deviation / parentTotal: by how much correcting it would move the parent's figure. */
  impact: number | null;
  openedAt: string;
  dueAt: string | null;
  overdue: boolean;
  assignee: string | null;
  escalatedTo: UnitCode | null;
  explanation: string | null;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function queueItemOf(fold: FindingsFold, f: FindingRecord, policy: FollowUpPolicy, now: Date): QueueItem {
  const deviation = deviationOf(f);
  const parentTotal = f.indicator ? fold.parentTotal(f, f.indicator) : undefined;
  const impact = impactOf(deviation, parentTotal);
  const dueAt = ACTIVE.includes(f.status) ? dueDateOf(policy, f.severity, f.openedAt) : null;
  const value = f.report && f.indicator ? fold.valueOf(f.report, f.indicator) : undefined;
  return {
    findingId: f.findingId,
    unit: f.unit,
    unitName: fold.names.get(f.unit) ?? null,
    form: f.form,
    period: f.period,
    report: f.report ?? null,
    code: f.code,
    severity: f.severity,
    indicator: f.indicator ?? null,
    message: f.message,
    status: f.status,
    value: value ?? null,
    deviation: deviation ?? null,
    parentTotal: parentTotal ?? null,
    impact: impact ?? null,
    openedAt: f.openedAt,
    dueAt,
    overdue: dueAt !== null && Date.parse(dueAt) < now.getTime(),
    assignee: f.assignee ?? null,
    escalatedTo: f.escalatedTo ?? null,
    explanation: f.explanation?.text ?? null,
  };
}

export const matches = (f: FindingRecord, q: QueueFilter): boolean =>
  (q.states ?? ACTIVE).includes(f.status) &&
  (q.under === 'national' || isWithinSubtree(f.unit, q.under)) &&
  (!q.period || f.period === q.period) &&
  (!q.form || f.form === q.form) &&
  (!q.code || f.code === q.code) &&
  (!q.severity || f.severity === q.severity) &&
  (!q.assignee || f.assignee === q.assignee) &&
  (!q.mine || waitsOn(f, q.mine));

/**
 * The queue in its order: severity, then impact on the parent's figure (largest first, none last), then the
 * oldest work, then the id. A total order: the same log, filter and instant give the same list, item for item.
 */
export function orderedQueue(fold: FindingsFold, filter: QueueFilter, policy: FollowUpPolicy, now: Date): QueueItem[] {
  const items: QueueItem[] = [];
  for (const f of fold.findings.values()) {
    if (!matches(f, filter)) continue;
    const item = queueItemOf(fold, f, policy, now);
    if (!filter.overdue || item.overdue) items.push(item);
  }
  return items.sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      (b.impact ?? -1) - (a.impact ?? -1) ||
      a.openedAt.localeCompare(b.openedAt) ||
      (a.findingId < b.findingId ? -1 : a.findingId > b.findingId ? 1 : 0),
  );
}
