import { followUpStreamName, qualityStreamOf, type ReportKey } from '@statledger/domain';
import { createChainVerifier, type EventStore, type RecordedEvent, type VerifyResult } from '@statledger/event-store';
import type { Principal, ReportService } from '@statledger/intake';
import type { AuditService } from './audit-service.ts';

export type TimelineSource = 'report' | 'quality' | 'followup' | 'audit';

export interface ReportTimeline {
  reportId: string;
  /** Submissions, corrections, returns, approvals, quality findings, their follow-up and audit findings, in log order. */
  events: (RecordedEvent & { source: TimelineSource })[];
  /** The hash chain recomputed from the first event of the log up to the last event shown. */
  integrity: VerifyResult;
}

/**
 * A report's whole life for an auditor: its own stream, the quality engine's findings on it and their follow-up, the audit
 * findings the principal may see, merged by log position, with the chain verified up to the last of them.
 */
export function createReportTimeline(deps: { store: EventStore; reports: ReportService; audits: AuditService }) {
  const verifier = createChainVerifier(deps.store);
  return async function timeline(key: ReportKey, principal: Principal): Promise<ReportTimeline> {
    const own = await deps.reports.history(key, principal);
    const reportId = own[0]!.stream;
    const [quality, audit] = await Promise.all([
      deps.store.readStream(qualityStreamOf(reportId)),
      deps.audits.findingsOf(reportId, principal),
    ]);
    const raised = quality.filter((e) => e.type === 'QualityFindingRaised').map((e) => String(e.data.findingId));
    const followUp = (await Promise.all(raised.map((id) => deps.store.readStream(followUpStreamName(id))))).flat();
    const events = [
      ...own.map((e) => ({ ...e, source: 'report' as const })),
      ...quality.map((e) => ({ ...e, source: 'quality' as const })),
      ...followUp.map((e) => ({ ...e, source: 'followup' as const })),
      ...audit.map((e) => ({ ...e, source: 'audit' as const })),
    ].sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
    return { reportId, events, integrity: await verifier.verifyUpTo(events.at(-1)!.position) };
  };
}

export type ReportTimelineReader = ReturnType<typeof createReportTimeline>;

/** One line of an integrity statement, for people. */
export function integrityLine(result: VerifyResult, display: (position: string) => string = (p) => p): string {
  return result.ok
    ? `integrity: hash chain verified over ${result.checked} events up to position ${result.lastPosition === undefined ? '-' : display(result.lastPosition)}`
    : `integrity: CHAIN BROKEN at position ${display(result.firstBadPosition)} (stored ${result.storedHash.slice(0, 12)}…, recomputed ${result.expectedHash.slice(0, 12)}…); run statledger verify and restore from a backup`;
}
