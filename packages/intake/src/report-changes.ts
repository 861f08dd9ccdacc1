import { evolveReport, initialReportState, reportEventSchema } from '@statledger/domain';
import type { RecordedEvent } from '@statledger/event-store';

/** One indicator whose value differs from the baseline. */
export interface IndicatorChange {
  indicator: string;
  before: string | null;
  now: string | null;
}

export interface ReportChanges {
  /** What the values are compared with: the last approved version, or the first submission of a report never approved. */
  baseline: 'approved' | 'submitted' | 'none';
  /** Where the baseline was recorded (log position and instant), null without one. */
  baselineAt: { position: string; recordedAt: string } | null;
  /** Corrections recorded since the baseline. */
  correctionsSince: number;
  changes: IndicatorChange[];
}

/**
 * What changed in a report since it was last approved (or, never approved, since it was submitted): each indicator
 * whose value is not the baseline's, in indicator order of the present values. A fold of the report's own events.
 */
export function changesSinceApproval(history: readonly RecordedEvent[]): ReportChanges {
  let state = initialReportState();
  let baseline: {
    values: Record<string, string>;
    kind: 'approved' | 'submitted';
    at: { position: string; recordedAt: string };
  } | null = null;
  let correctionsSince = 0;
  for (const recorded of history) {
    const event = reportEventSchema.parse({ type: recorded.type, data: recorded.data });
    state = evolveReport(state, event);
    if (state.status === 'absent') continue;
    const at = { position: recorded.position, recordedAt: recorded.recordedAt };
    if (event.type === 'ReportSubmitted') baseline = { values: state.values, kind: 'submitted', at };
    else if (event.type === 'ReportApproved') baseline = { values: state.values, kind: 'approved', at };
    if (event.type === 'ReportApproved' || event.type === 'ReportSubmitted') correctionsSince = 0;
    else if (event.type === 'ReportCorrected') correctionsSince++;
  }
  if (state.status === 'absent' || !baseline)
    return { baseline: 'none', baselineAt: null, correctionsSince: 0, changes: [] };
  const now = state.values;
  const indicators = [...new Set([...Object.keys(now), ...Object.keys(baseline.values)])];
  const changes = indicators
    .filter((indicator) => now[indicator] !== baseline.values[indicator])
    .map((indicator) => ({ indicator, before: baseline.values[indicator] ?? null, now: now[indicator] ?? null }));
  return { baseline: baseline.kind, baselineAt: baseline.at, correctionsSince, changes };
}
