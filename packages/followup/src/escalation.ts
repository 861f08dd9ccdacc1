import { followUpStreamName, parentOf } from '@statledger/domain';
import {
  uuidFromName,
  WrongExpectedRevisionError,
  type AppendRequest,
  type EventStore,
  type JsonObject,
} from '@statledger/event-store';
import type { FindingsView } from './view.ts';
import { decideFollowUp } from './decide.ts';
import { ACTIVE, type FindingsFold } from './findings-fold.ts';
import { dueDateOf, type FollowUpPolicy } from './policy.ts';

/**
 * The escalations the clock calls for: every active finding past its due date and not escalated yet goes up to
 * its parent unit. Pure; each event's id comes from the finding, and each append expects the follow-up stream's
 * revision as folded, so a sweep repeated, restarted or run twice at once escalates a finding once.
 */
export function planEscalations(
  fold: FindingsFold,
  policy: FollowUpPolicy,
  now: Date,
  metadata: JsonObject,
): AppendRequest[] {
  const requests: AppendRequest[] = [];
  for (const f of fold.findings.values()) {
    if (!ACTIVE.includes(f.status) || f.escalatedTo || !parentOf(f.unit)) continue;
    const dueAt = dueDateOf(policy, f.severity, f.openedAt);
    if (dueAt === null || Date.parse(dueAt) >= now.getTime()) continue;
    const events = decideFollowUp(f, { type: 'Escalate', reason: `overdue: due ${dueAt}, not answered`, dueAt });
    const stream = followUpStreamName(f.findingId);
    requests.push({
      stream,
      expectedRevision: f.followUpRevision ?? 'no_stream',
      events: events.map((e) => ({
        id: uuidFromName(`${stream}:escalated`),
        type: e.type,
        data: e.data as unknown as JsonObject,
        metadata,
      })),
    });
  }
  return requests.sort((a, b) => (a.stream < b.stream ? -1 : 1));
}

/**
 * The sweep as a service runs it: catches the view up, escalates what is overdue, one finding per append so that
 * a finding someone changed meanwhile (a revision conflict) waits for the next sweep without holding up the rest.
 */
export async function escalateOverdue(options: {
  store: Pick<EventStore, 'appendToStreams'>;
  view: FindingsView;
  now: Date;
}) {
  const fold = await options.view.catchUp();
  const metadata = {
    principal: 'system:deadline-sweeper',
    channel: 'system',
    correlationId: `escalate-${options.now.toISOString()}`,
  };
  const escalated: string[] = [];
  const deferred: string[] = [];
  for (const request of planEscalations(fold, options.view.policy, options.now, metadata)) {
    try {
      await options.store.appendToStreams([request]);
      escalated.push(request.stream);
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      deferred.push(request.stream);
    }
  }
  return { escalated, deferred };
}
