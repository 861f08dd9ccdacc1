import {
  FOLLOW_UP_EVENT_TYPES,
  followUpEventSchema,
  parentOf,
  parseReportStreamName,
  type FollowUpEvent,
  type IndicatorValues,
  type UnitCode,
} from '@statledger/domain';
import type { RecordedEvent } from '@statledger/event-store';
import { parseDigitWindowStream } from '@statledger/quality';

export type Severity = 'error' | 'warning' | 'info';
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
  family: string;
  code: string;
  severity: Severity;
  indicator?: string;
  message: string;
  evidence: Record<string, unknown>;
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

  const step = (f: FindingRecord, e: RecordedEvent, detail: Record<string, unknown>) =>
    f.steps.push({
      type: e.type,
      at: e.recordedAt,
      position: e.position,
      by: String(e.metadata.principal ?? ''),
      detail,
    });

  function raise(e: RecordedEvent) {
    const data = e.data as {
      findingId: string;
      subject: string;
      report?: string;
      family: string;
      finding: {
        code: string;
        severity: Severity;
        indicator?: string;
        message: string;
        evidence: Record<string, unknown>;
      };
    };
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

  function resolve(e: RecordedEvent) {
    const data = e.data as { findingId: string; reason?: string };
    const f = findings.get(data.findingId);
    if (!f) return;
    f.resolvedAt = e.recordedAt;
    f.resolvedReason = data.reason ?? 'resolved';
    // A replacement is raised right after; until then the work stands as it was.
    if ((f.status === 'open' || f.status === 'explained') && f.resolvedReason !== REPLACED) f.status = 'resolved';
    step(f, e, { reason: f.resolvedReason });
  }

  function followUp(e: RecordedEvent, event: FollowUpEvent) {
    const f = findings.get(event.data.findingId);
    if (!f) return;
    f.followUpRevision = e.revision;
    const by = String(e.metadata.principal ?? '');
    switch (event.type) {
      case 'FindingExplained':
        f.explanation = {
          text: event.data.explanation,
          evidence: event.data.evidence,
          ...(event.data.value ? { value: event.data.value } : {}),
          by,
          at: e.recordedAt,
        };
        if (f.status === 'open') f.status = 'explained';
        step(f, e, {
          explanation: event.data.explanation,
          evidence: event.data.evidence,
          value: event.data.value ?? null,
        });
        return;
      case 'FindingExplanationAccepted':
        f.status = 'accepted';
        step(f, e, { scope: event.data.scope, note: event.data.note ?? null });
        return;
      case 'FindingExplanationRejected':
        f.status = f.resolvedAt ? 'resolved' : 'open';
        if (event.data.auditFindingRef) f.rejectedOnRecount++;
        step(f, e, { reason: event.data.reason, auditFindingRef: event.data.auditFindingRef ?? null });
        return;
      case 'FindingAssigned':
        f.assignee = event.data.assignee;
        step(f, e, { assignee: event.data.assignee, note: event.data.note ?? null });
        return;
      case 'FindingEscalated':
        f.escalatedTo = event.data.toUnit;
        f.escalatedAt = e.recordedAt;
        step(f, e, { toUnit: event.data.toUnit, reason: event.data.reason, dueAt: event.data.dueAt ?? null });
        return;
      case 'FindingReopened':
        f.status = 'open';
        step(f, e, { reason: event.data.reason });
        return;
    }
  }

  function reportChanged(e: RecordedEvent) {
    const key = parseReportStreamName(e.stream);
    if (!key) return;
    const data = e.data as { values?: IndicatorValues; findingRef?: string };
    const r = reports.get(e.stream) ?? { values: {}, approved: false, editsAfterApproval: 0 };
    if (!reports.has(e.stream)) {
      reports.set(e.stream, r);
      const parent = parentOf(key.unitCode);
      const group = `${key.form}|${parent ?? ''}|${key.period}`;
      (siblings.get(group) ?? siblings.set(group, new Set()).get(group)!).add(e.stream);
    }
    if (e.type === 'ReportApproved') r.approved = true;
    else if (data.values) {
      r.values = data.values;
      if (e.type === 'ReportCorrected' && r.approved) r.editsAfterApproval++;
    }
    // A correction naming a finding is part of its follow-up: the check decides whether it resolved it.
    const named = data.findingRef ? findings.get(data.findingRef) : undefined;
    if (named) step(named, e, { correction: data.findingRef });
  }

  function apply(e: RecordedEvent): void {
    position = e.position;
    switch (e.type) {
      case 'UnitRegistered':
      case 'UnitRenamed':
        names.set(e.data.code as UnitCode, String(e.data.name));
        return;
      case 'ReportSubmitted':
      case 'ReportCorrected':
      case 'ReportApproved':
        return reportChanged(e);
      case 'QualityFindingRaised':
        return raise(e);
      case 'QualityFindingResolved':
        return resolve(e);
      default:
        if ((FOLLOW_UP_EVENT_TYPES as string[]).includes(e.type))
          followUp(e, followUpEventSchema.parse({ type: e.type, data: e.data }));
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
