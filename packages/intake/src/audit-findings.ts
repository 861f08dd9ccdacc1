import {
  auditEventSchema,
  auditStreamName,
  canSeePlan,
  evolveAuditPlan,
  initialAuditPlanState,
  planIdOfFinding,
  reportFindingsStreamName,
  type Viewer,
} from '@statledger/domain';
import type { EventStore } from '@statledger/event-store';

/**
 * Whether `findingRef` is a spot-check finding recorded on the report and one the viewer may see: a finding of a
 * covert plan still open is, to the audited, no finding at all. What a correction or a rejected explanation may cite.
 */
export async function isVisibleAuditFindingOf(
  store: Pick<EventStore, 'readStream'>,
  report: string,
  findingRef: string,
  viewer: Viewer,
): Promise<{ found: boolean; visible: boolean }> {
  const findings = await store.readStream(reportFindingsStreamName(report));
  if (!findings.some((f) => f.data.findingId === findingRef)) return { found: false, visible: false };
  const events = await store.readStream(auditStreamName(planIdOfFinding(findingRef)));
  const state = events.reduce(
    (s, e) => evolveAuditPlan(s, auditEventSchema.parse({ type: e.type, data: e.data })),
    initialAuditPlanState(),
  );
  return { found: true, visible: state.plan !== undefined && canSeePlan(viewer, state.plan, state.closed) };
}
