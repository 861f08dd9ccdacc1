import {
  followUpStreamName,
  isWithinSubtree,
  parentOf,
  parseReportStreamName,
  reportStreamName,
  type UnitCode,
} from '@statledger/domain';
import {
  decideFollowUp,
  type FindingRecord,
  type FindingsFold,
  type FindingsView,
  type FollowUpCommand,
} from '@statledger/followup';
import type { AppendRequest, EventStore, JsonObject } from '@statledger/event-store';
import { ForbiddenError, NotFoundError, RequestValidationError } from './errors.ts';
import { isVisibleAuditFindingOf } from './audit-findings.ts';
import { authorize, authorizeAction, type Principal } from './principals.ts';
import { reportStateOf } from './report-service.ts';
import {
  commandEventId,
  prepareCommand,
  resultOfAppend,
  type CommandContext,
  type CommandResult,
} from './command-handler.ts';

export interface FollowUpResult {
  findingId: string;
  stream: string;
  revision: number;
  position: string;
  events: { id: string; type: string }[];
  /** Also appended: the report sent back after a rejected explanation. */
  report?: { stream: string; events: string[] };
  replayed: boolean;
}

/**
 * Commands on findings' follow-up, with the roles and subtrees of who may take each step: the reporting unit
 * (and a principal the finding is assigned to) explains; approvers and auditors above the unit accept, reject,
 * assign, escalate and reopen. A rejected explanation returns the report to its unit in the same transaction.
 */
export function createFollowUpService(deps: {
  store: EventStore;
  view: FindingsView;
  principalById?: (id: string) => Principal | undefined;
}) {
  const { store, view } = deps;

  /** The finding, and the fold it was read from (its report's values, its unit's names), caught up once. */
  async function findingOf(findingId: string, principal: Principal): Promise<{ f: FindingRecord; fold: FindingsFold }> {
    const fold = await view.catchUp();
    const f = fold.findings.get(findingId);
    // One answer for a finding that does not exist and one outside the caller's subtree: ids are not probed.
    if (!f || (principal.unit !== 'national' && !isWithinSubtree(f.unit, principal.unit)))
      throw new NotFoundError(`no finding ${findingId} in ${principal.unit}`);
    return { f, fold };
  }

  /** Who may take the step: the unit's own people explain; those above it follow up. */
  function authorizeStep(principal: Principal, command: FollowUpCommand, f: FindingRecord) {
    if (command.type === 'Explain') {
      if (f.assignee === principal.id) return authorize(principal, 'read', f.unit);
      return authorize(principal, 'explain', f.unit);
    }
    authorize(principal, 'review', f.unit);
    if (principal.role !== 'admin' && principal.unit === f.unit) {
      throw new ForbiddenError(
        `${principal.id} acts for ${f.unit} itself; its findings are followed up from a unit above it`,
      );
    }
  }

  function checkAssignee(assignee: string, f: FindingRecord) {
    const target = deps.principalById?.(assignee);
    if (!target)
      throw new RequestValidationError([
        { path: ['assignee'], message: `no principal ${assignee}; see them with statledger principals list` },
      ]);
    try {
      authorize(target, 'read', f.unit);
      authorizeAction(target, target.role === 'reporter' ? 'explain' : 'review');
    } catch (error) {
      throw new RequestValidationError([
        { path: ['assignee'], message: `${assignee} cannot work on ${f.unit}'s finding: ${(error as Error).message}` },
      ]);
    }
  }

  /** A recount cited against an explanation must be the report's, and one its unit may see. */
  async function checkRecount(ref: string, f: FindingRecord) {
    const { found, visible } = f.report
      ? await isVisibleAuditFindingOf(store, f.report, ref, { role: 'reporter', unit: f.unit })
      : { found: false, visible: false };
    if (!found) {
      throw new RequestValidationError([
        { path: ['auditFindingRef'], message: `${ref} is not a spot-check finding on ${f.report ?? f.subject}` },
      ]);
    }
    if (!visible) {
      throw new RequestValidationError([
        {
          path: ['auditFindingRef'],
          message: `${ref} belongs to a covert plan still open; cite it once the plan is closed, or reject without it`,
        },
      ]);
    }
  }

  /** A rejected explanation sends the report back: returned as it stands, or reopened first when approved. */
  async function returnOf(
    f: FindingRecord,
    reason: string,
    metadata: JsonObject,
    idOf: (i: number) => string,
  ): Promise<AppendRequest | undefined> {
    const key = f.report ? parseReportStreamName(f.report) : null;
    if (!key) return undefined;
    const history = await store.readStream(reportStreamName(key));
    const state = reportStateOf(history);
    if (state.status === 'absent' || state.status === 'returned') return undefined;
    const byUnit = (parentOf(key.unitCode) ?? key.unitCode) as UnitCode;
    const comment =
      `explanation of finding ${f.findingId} (${f.code}${f.indicator ? ` ${f.indicator}` : ''}) rejected: ${reason}`.slice(
        0,
        2_000,
      );
    const events: { type: string; data: JsonObject }[] = [
      ...(state.status === 'approved' ? [{ type: 'ReportReopened', data: { byUnit, reason: comment } }] : []),
      { type: 'ReportReturned', data: { byUnit, comment } },
    ];
    return {
      stream: reportStreamName(key),
      expectedRevision: history.at(-1)!.revision,
      events: events.map((e, i) => ({ id: idOf(10 + i), type: e.type, data: e.data, metadata })),
    };
  }

  async function execute(findingId: string, command: FollowUpCommand, ctx: CommandContext): Promise<FollowUpResult> {
    const { f, fold } = await findingOf(findingId, ctx.principal);
    authorizeStep(ctx.principal, command, f);
    const stream = followUpStreamName(f.findingId);
    const outcome = await prepareCommand(store, stream, ctx, async () => {
      if (command.type === 'Assign') checkAssignee(command.assignee, f);
      if (command.type === 'Reject' && command.auditFindingRef) await checkRecount(command.auditFindingRef, f);
      const value = f.report && f.indicator ? fold.valueOf(f.report, f.indicator) : undefined;
      return decideFollowUp(f, command, value);
    });
    const resultOf = (r: CommandResult) => ({
      findingId,
      stream,
      revision: Number(r.revision),
      position: r.position,
      events: r.events.map((e) => ({ id: e.id, type: e.type })),
      replayed: r.replayed,
    });
    if ('replay' in outcome) return resultOf(outcome.replay);
    const { prepared } = outcome;
    const back =
      command.type === 'Reject'
        ? await returnOf(f, command.reason, prepared.events[0]!.metadata, (i) => commandEventId(ctx, i))
        : undefined;
    const [own] = await store.appendToStreams(back ? [prepared, back] : [prepared]);
    return {
      ...resultOf(resultOfAppend(prepared, own!.nextExpectedRevision, own!.position)),
      ...(back ? { report: { stream: back.stream, events: back.events.map((e) => e.type) } } : {}),
    };
  }

  return { execute, findingOf };
}

export type FollowUpService = ReturnType<typeof createFollowUpService>;
