import {
  asDomainEvent,
  ancestorsOf,
  containingPeriod,
  formatPeriod,
  parsePeriod,
  evolveAssessment,
  initialAssessmentState,
  parseReportStreamName,
  tierOf,
  type AssessmentKey,
  type AssessmentState,
  type FormCatalogue,
  type UnitCode,
} from '@statledger/domain';
import { readAllPagesUpTo, type EventStore, type RecordedEvent, type AsOf } from '@statledger/event-store';
import { createReportLedger, type DenominatorSource, type ReportLedger } from '@statledger/read-models';

/** What the log says of one report, for the measures that count per report (and the resampling of them). */
export interface ReportFacts {
  report: string;
  form: string;
  period: string;
  /** The assessed unit the report belongs to (a district, for districts of a city). */
  member: UnitCode;
  errorsRaised: number;
  openErrors: number;
  /** Corrected after it was approved (figures that may have been passed on changed). */
  revised: boolean;
  sourceConflicts: number;
  /** Explanations of its findings that a spot check's recount disproved (rejected citing the recount). */
  explanationsDisproved: number;
  /** Days from each return of the report to the correction that answered it. */
  returnAnswerDays: number[];
  /** The spot-check recounts of the report, summed over its recounted indicators. */
  recount?: { reported: number; recounted: number; discrepancy: boolean };
}

export interface AssessmentFacts {
  ledger: ReportLedger;
  reports: Map<string, ReportFacts>;
  /** Open fabrication-screen warnings (first or terminal digits) per assessed unit. */
  fabricationWarnings: Map<UnitCode, number>;
  assessment: AssessmentState;
  /** Units' names as registered by then. */
  names: Map<UnitCode, string>;
  /** Where the fold stopped: the last event read. */
  position: string | undefined;
}

export type { AsOf };

const FABRICATION_CODES = new Set(['BENFORD_NONCONFORMITY', 'TERMINAL_DIGIT_HEAPING']);

/**
 * One fold of the log up to `asOf`: the statistics ledger for the figures, and per report the quality findings,
 * returns and recounts the measures count; the assessment's own records. The same log and `asOf` give the same facts.
 */
export async function foldFacts(
  store: Pick<EventStore, 'readAll'>,
  catalogue: FormCatalogue,
  isDenominatorSource: DenominatorSource,
  key: AssessmentKey,
  memberTier: string,
  asOf: AsOf,
): Promise<AssessmentFacts> {
  const ledger = createReportLedger(catalogue, isDenominatorSource);
  const facts: AssessmentFacts = {
    ledger,
    reports: new Map(),
    fabricationWarnings: new Map(),
    assessment: initialAssessmentState(),
    names: new Map(),
    position: undefined,
  };
  const memberOf = (unit: UnitCode) => [unit, ...ancestorsOf(unit)].find((u) => tierOf(u) === memberTier);
  const openErrors = new Map<string, string>();
  const openWarnings = new Map<string, UnitCode>();
  const returnedAt = new Map<string, number>();
  const factsOf = (report: string): ReportFacts | undefined => {
    let found = facts.reports.get(report);
    const parsed = found ? undefined : parseReportStreamName(report);
    const member = parsed && memberOf(parsed.unitCode);
    if (!found && parsed && member && within(parsed.period, key.period)) {
      found = {
        report,
        form: parsed.form,
        period: parsed.period,
        member,
        errorsRaised: 0,
        openErrors: 0,
        revised: false,
        sourceConflicts: 0,
        explanationsDisproved: 0,
        returnAnswerDays: [],
      };
      facts.reports.set(report, found);
    }
    return found;
  };
  const apply = (recorded: RecordedEvent) => {
    ledger.apply(recorded);
    const event = asDomainEvent(recorded);
    if (!event) return;
    switch (event.type) {
      case 'UnitRegistered':
      case 'UnitRenamed':
        facts.names.set(event.data.code, event.data.name);
        return;
      case 'ReportSubmitted':
        factsOf(event.stream);
        return;
      case 'ReportReturned':
        returnedAt.set(event.stream, Date.parse(event.recordedAt));
        return;
      case 'ReportCorrected': {
        const since = returnedAt.get(event.stream);
        if (since === undefined) return;
        returnedAt.delete(event.stream);
        factsOf(event.stream)?.returnAnswerDays.push((Date.parse(event.recordedAt) - since) / 86_400_000);
        return;
      }
      case 'QualityFindingRaised': {
        const { finding, findingId, report } = event.data;
        if (FABRICATION_CODES.has(finding.code) && finding.severity === 'warning') {
          const district = String(finding.evidence.district ?? '');
          const member = /^\d{12}$/.test(district) ? memberOf(district as UnitCode) : undefined;
          if (member && within(String(finding.evidence.window ?? ''), key.period)) openWarnings.set(findingId, member);
          return;
        }
        const f = report !== undefined ? factsOf(report) : undefined;
        if (!f) return;
        if (finding.severity === 'error') {
          f.errorsRaised++;
          openErrors.set(findingId, report!);
        }
        if (finding.code === 'SOURCE_CONFLICT') f.sourceConflicts++;
        return;
      }
      case 'QualityFindingResolved':
        openErrors.delete(event.data.findingId);
        openWarnings.delete(event.data.findingId);
        return;
      case 'FindingExplanationRejected': {
        const { auditFindingRef, report } = event.data;
        const f = auditFindingRef && report !== undefined ? factsOf(report) : undefined;
        if (f) f.explanationsDisproved++;
        return;
      }
      case 'AuditFindingRecorded': {
        const f = factsOf(event.data.report);
        if (!f) return;
        const { recounts } = event.data;
        const reported = recounts.reduce((s, r) => s + Number(r.reported), 0);
        const recounted = recounts.reduce((s, r) => s + Number(r.recounted), 0);
        const discrepancy = recounts.some(
          (r) => Number(r.reported) > 0 && Math.abs(Number(r.recounted) / Number(r.reported) - 1) > 0.1,
        );
        f.recount = { reported, recounted, discrepancy };
        return;
      }
      case 'AssessmentScoreRecorded':
      case 'AssessmentScoreAppealed':
      case 'AssessmentAppealDecided':
      case 'AssessmentPublished':
        if (event.stream === `assessment-${key.scheme}-${key.root}-${key.period}`)
          facts.assessment = evolveAssessment(facts.assessment, event);
        return;
    }
  };
  for await (const page of readAllPagesUpTo(store, asOf)) {
    for (const event of page) {
      apply(event);
      facts.position = event.position;
    }
  }
  for (const report of openErrors.values()) {
    const f = facts.reports.get(report);
    if (f) f.openErrors++;
  }
  for (const f of facts.reports.values()) f.revised = ledger.report(f.report)?.revised ?? false;
  for (const member of openWarnings.values())
    facts.fabricationWarnings.set(member, (facts.fabricationWarnings.get(member) ?? 0) + 1);
  return facts;
}

/** Whether a period (a report's month, a screen's quarter) lies within the assessed period. */
function within(period: string, outer: string): boolean {
  try {
    const type = parsePeriod(outer).type;
    return formatPeriod(containingPeriod(parsePeriod(period), type)) === outer;
  } catch {
    return false;
  }
}
