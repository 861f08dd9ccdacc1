import {
  asDomainEvent,
  FOLLOW_UP_EVENT_TYPES,
  parentOf,
  parseReportStreamName,
  type CheckFamily,
  type DomainEventType,
  type Evidence,
  type FollowUpEventType,
  type IndicatorValues,
  type Severity,
  type TypedEvent,
  type UnitCode,
} from '@statledger/domain';
import type { RecordedEvent } from '@statledger/event-store';
import { parseDigitWindowStream } from '@statledger/quality';

export type { Severity };
type Recorded<T extends DomainEventType> = TypedEvent<RecordedEvent, T>;
export type FollowUpStatus = 'open' | 'explained' | 'accepted' | 'resolved' | 'superseded';
/** States that still ask somebody for work. */
export const ACTIVE: readonly FollowUpStatus[] = ['open', 'explained'];

/** One step of a finding's follow-up, as the history shows it. */
export interface FollowUpStep {
  type: string;
  at: string;
  position: string;
  by: string;
  detail: Record<string, unknown>;
}

/** A quality finding with its follow-up: what the check said, where the work stands, and every step taken. */
export interface FindingRecord {
  findingId: string;
  subject: string;
  report?: string;
  unit: UnitCode;
  form: string;
  period: string;
  family: CheckFamily;
  code: string;
  severity: Severity;
  indicator?: string;
  message: string;
  evidence: Evidence;
  raisedAt: string;
  /** When the work began: the first finding of a line it continues (see `supersedes`). */
  openedAt: string;
  status: FollowUpStatus;
  /** The finding this one replaced after a recomputation with other figures; its follow-up carries over. */
  supersedes?: string;
  supersededBy?: string;
  resolvedAt?: string;
  resolvedReason?: string;
  explanation?: {
    text: string;
    evidence: { sha256: string; description: string }[];
    value?: string;
    by: string;
    at: string;
  };
  assignee?: string;
  escalatedTo?: UnitCode;
  escalatedAt?: string;
  /** Explanations rejected on the strength of a spot check's recount: they count against the unit. */
  rejectedOnRecount: number;
  /** Revision of `followup-{findingId}`; null before its first event. */
  followUpRevision: bigint | null;
  steps: FollowUpStep[];
}

/** What a report is worth to its parent: its latest values, and whether it was corrected after an approval. */
export interface ReportRecord {
  values: IndicatorValues;
  approved: boolean;
  editsAfterApproval: number;
}

/** The event types the fold reads: reports, units, the quality worker's findings and the follow-up. */
export const FINDINGS_INPUTS = [
  'UnitRegistered',
  'UnitRenamed',
  'ReportSubmitted',
  'ReportCorrected',
  'ReportApproved',
  'QualityFindingRaised',
  'QualityFindingResolved',
  ...FOLLOW_UP_EVENT_TYPES,
];

const REPLACED = 'recomputed with other figures';
const lineOf = (f: Pick<FindingRecord, 'subject' | 'family' | 'code' | 'indicator'>) =>
  `${f.subject}|${f.family}|${f.code}|${f.indicator ?? ''}`;

/** Where a subject belongs: a report's unit, form and period, or a district's digit screen of a quarter. */
export function subjectScope(
  subject: string,
  report?: string,
): { unit: UnitCode; form: string; period: string } | null {
  const key = report ? parseReportStreamName(report) : null;
  if (key) return { unit: key.unitCode, form: key.form, period: key.period };
  const screen = parseDigitWindowStream(subject);
  return screen ? { unit: screen.district, form: screen.form, period: screen.window } : null;
}

/**
 * Every finding and its follow-up, folded from the log in order. Pure: the same events give the same records,
 * so the live view, an as-of query and a test all fold the same way.
 */
export function createFindingsFold() {
  const findings = new Map<string, FindingRecord>();
  /** The newest finding of each line (subject, family, code, indicator). */
  const latest = new Map<string, string>();
  const reports = new Map<string, ReportRecord>();
  /** Reports of one form, parent and period: a finding's siblings, whose sum is the parent's figure. */
  const siblings = new Map<string, Set<string>>();
  const names = new Map<UnitCode, string>();
  let position: string | undefined;

  const step = (f: FindingRecord, e: Omit<RecordedEvent, 'data'>, detail: Record<string, unknown>) =>
    f.steps.push({
      type: e.type,
      at: e.recordedAt,
      position: e.position,
      by: String(e.metadata.principal ?? ''),
      detail,
    });

  function raise(e: Recorded<'QualityFindingRaised'>) {
    const { data } = e;
    const scope = subjectScope(data.subject, data.report);
    if (!scope) return;
    const { code, severity, indicator, message, evidence } = data.finding;
    const record: FindingRecord = {
      findingId: data.findingId,
      subject: data.subject,
      ...(data.report ? { report: data.report } : {}),
      ...scope,
      family: data.family,
      code,
      severity,
      ...(indicator ? { indicator } : {}),
      message,
      evidence,
      raisedAt: e.recordedAt,
      openedAt: e.recordedAt,
      status: 'open',
      rejectedOnRecount: 0,
      followUpRevision: null,
      steps: [],
    };
    const before = findings.get(latest.get(lineOf(record)) ?? '');
    // Recomputed with other figures (a sibling reported, a baseline moved): the same question, so the same work.
    const replaced = before?.resolvedReason === REPLACED && ACTIVE.includes(before.status);
    if (before && (replaced || (before.status === 'open' && before.resolvedAt))) {
      record.status = before.status === 'explained' ? 'explained' : 'open';
      before.status = 'superseded';
      before.supersededBy = record.findingId;
      record.supersedes = before.findingId;
      record.openedAt = before.openedAt;
      if (before.explanation) record.explanation = before.explanation;
      if (before.assignee) record.assignee = before.assignee;
      if (before.escalatedTo)
        Object.assign(record, { escalatedTo: before.escalatedTo, escalatedAt: before.escalatedAt });
    }
    step(record, e, { severity, message });
    findings.set(record.findingId, record);
    latest.set(lineOf(record), record.findingId);
  }

  function resolve(e: Recorded<'QualityFindingResolved'>) {
    const f = findings.get(e.data.findingId);
    if (!f) return;
    f.resolvedAt = e.recordedAt;
    f.resolvedReason = e.data.reason;
    // A replacement is raised right after; until then the work stands as it was.
    if ((f.status === 'open' || f.status === 'explained') && f.resolvedReason !== REPLACED) f.status = 'resolved';
    step(f, e, { reason: f.resolvedReason });
  }

  function followUp(e: Recorded<FollowUpEventType>) {
    const f = findings.get(e.data.findingId);
    if (!f) return;
    f.followUpRevision = e.revision;
    const by = String(e.metadata.principal ?? '');
    switch (e.type) {
      case 'FindingExplained':
        f.explanation = {
          text: e.data.explanation,
          evidence: e.data.evidence,
          ...(e.data.value ? { value: e.data.value } : {}),
          by,
          at: e.recordedAt,
        };
        if (f.status === 'open') f.status = 'explained';
        step(f, e, {
          explanation: e.data.explanation,
          evidence: e.data.evidence,
          value: e.data.value ?? null,
        });
        return;
      case 'FindingExplanationAccepted':
        f.status = 'accepted';
        step(f, e, { scope: e.data.scope, note: e.data.note ?? null });
        return;
      case 'FindingExplanationRejected':
        f.status = f.resolvedAt ? 'resolved' : 'open';
        if (e.data.auditFindingRef) f.rejectedOnRecount++;
        step(f, e, { reason: e.data.reason, auditFindingRef: e.data.auditFindingRef ?? null });
        return;
      case 'FindingAssigned':
        f.assignee = e.data.assignee;
        step(f, e, { assignee: e.data.assignee, note: e.data.note ?? null });
        return;
      case 'FindingEscalated':
        f.escalatedTo = e.data.toUnit;
        f.escalatedAt = e.recordedAt;
        step(f, e, { toUnit: e.data.toUnit, reason: e.data.reason, dueAt: e.data.dueAt ?? null });
        return;
      case 'FindingReopened':
        f.status = 'open';
        step(f, e, { reason: e.data.reason });
        return;
    }
  }

  function reportChanged(e: Recorded<'ReportSubmitted' | 'ReportCorrected' | 'ReportApproved'>) {
    const key = parseReportStreamName(e.stream);
    if (!key) return;
    const r = reports.get(e.stream) ?? { values: {}, approved: false, editsAfterApproval: 0 };
    if (!reports.has(e.stream)) {
      reports.set(e.stream, r);
      const parent = parentOf(key.unitCode);
      const group = `${key.form}|${parent ?? ''}|${key.period}`;
      (siblings.get(group) ?? siblings.set(group, new Set()).get(group)!).add(e.stream);
    }
    if (e.type === 'ReportApproved') {
      r.approved = true;
      return;
    }
    r.values = e.data.values;
    if (e.type !== 'ReportCorrected') return;
    if (r.approved) r.editsAfterApproval++;
    // A correction naming a finding is part of its follow-up: the check decides whether it resolved it.
    const named = e.data.findingRef ? findings.get(e.data.findingRef) : undefined;
    if (named) step(named, e, { correction: e.data.findingRef });
  }

  function apply(recorded: RecordedEvent): void {
    position = recorded.position;
    const e = asDomainEvent(recorded);
    if (!e) return;
    switch (e.type) {
      case 'UnitRegistered':
      case 'UnitRenamed':
        names.set(e.data.code, e.data.name);
        return;
      case 'ReportSubmitted':
      case 'ReportCorrected':
      case 'ReportApproved':
        return reportChanged(e);
      case 'QualityFindingRaised':
        return raise(e);
      case 'QualityFindingResolved':
        return resolve(e);
      case 'FindingExplained':
      case 'FindingExplanationAccepted':
      case 'FindingExplanationRejected':
      case 'FindingAssigned':
      case 'FindingEscalated':
      case 'FindingReopened':
        return followUp(e);
    }
  }

  /** The parent's figure for a report's indicator: the parent's own report, or the sum of its children's. */
  function parentTotal(f: FindingRecord, indicator: string): number | undefined {
    const parent = parentOf(f.unit);
    if (!parent) return undefined;
    const own = reports.get(`report-${f.form}-${parent}-${f.period}`)?.values[indicator];
    if (own !== undefined) return Number(own);
    let total = 0;
    for (const stream of siblings.get(`${f.form}|${parent}|${f.period}`) ?? [])
      total += Number(reports.get(stream)!.values[indicator] ?? 0);
    return total;
  }

  return {
    apply,
    findings,
    names,
    reports,
    parentTotal,
    valueOf: (report: string, indicator: string) => reports.get(report)?.values[indicator],
    get position() {
      return position;
    },
  };
}

export type FindingsFold = ReturnType<typeof createFindingsFold>;
