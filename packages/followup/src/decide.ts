import { DomainError, parentOf, type FindingRef, type FollowUpEvent, type UnitCode } from '@statledger/domain';
import type { FindingRecord } from './findings-fold.ts';

type Evidence = { sha256: string; description: string }[];

export type FollowUpCommand =
  | { type: 'Explain'; explanation: string; evidence: Evidence }
  | { type: 'Accept'; scope: 'value' | 'structural'; note?: string }
  | { type: 'Reject'; reason: string; auditFindingRef?: string }
  | { type: 'Assign'; assignee: string; note?: string }
  | { type: 'Escalate'; reason: string; dueAt?: string }
  | { type: 'Reopen'; reason: string };

export class IllegalFollowUpError extends DomainError {
  constructor(command: string, finding: FindingRecord, hint: string) {
    super('ILLEGAL_TRANSITION', `cannot ${command} finding ${finding.findingId}: it is ${finding.status}; ${hint}`);
  }
}

const refOf = (f: FindingRecord): FindingRef => ({
  findingId: f.findingId,
  subject: f.subject,
  ...(f.report ? { report: f.report } : {}),
  family: f.family,
  code: f.code,
  ...(f.indicator ? { indicator: f.indicator } : {}),
});

/**
 * The follow-up decider: which step a finding in its present state allows, and the event it makes. Roles and
 * subtrees are the caller's (they need the principals); `value` is the report's value of the finding's indicator.
 */
export function decideFollowUp(f: FindingRecord, command: FollowUpCommand, value?: string): FollowUpEvent[] {
  const name = command.type.toLowerCase();
  if (f.status === 'superseded') {
    throw new IllegalFollowUpError(
      name,
      f,
      `the checks recomputed it as ${f.supersededBy}, which carries its follow-up; act on that one`,
    );
  }
  const ref = refOf(f);
  switch (command.type) {
    case 'Explain':
      if (f.status !== 'open' && f.status !== 'explained')
        throw new IllegalFollowUpError(name, f, 'only open work is explained');
      return [
        {
          type: 'FindingExplained',
          data: { ...ref, explanation: command.explanation, evidence: command.evidence, ...(value ? { value } : {}) },
        },
      ];
    case 'Accept':
    case 'Reject':
      if (f.status !== 'explained')
        throw new IllegalFollowUpError(
          name,
          f,
          'an explanation is accepted or rejected once the reporting unit has given one',
        );
      if (command.type === 'Reject') {
        return [
          {
            type: 'FindingExplanationRejected',
            data: {
              ...ref,
              reason: command.reason,
              ...(command.auditFindingRef ? { auditFindingRef: command.auditFindingRef } : {}),
            },
          },
        ];
      }
      return [
        {
          type: 'FindingExplanationAccepted',
          data: {
            ...ref,
            scope: command.scope,
            unitCode: f.unit,
            period: f.period,
            ...(value ? { value } : {}),
            ...(command.note ? { note: command.note } : {}),
          },
        },
      ];
    case 'Assign':
      if (f.status !== 'open' && f.status !== 'explained')
        throw new IllegalFollowUpError(name, f, 'closed work is reopened before it is assigned');
      if (f.assignee === command.assignee)
        throw new IllegalFollowUpError(name, f, `it is assigned to ${command.assignee} already`);
      return [
        {
          type: 'FindingAssigned',
          data: { ...ref, assignee: command.assignee, ...(command.note ? { note: command.note } : {}) },
        },
      ];
    case 'Escalate': {
      if (f.status !== 'open' && f.status !== 'explained')
        throw new IllegalFollowUpError(name, f, 'closed work is not escalated');
      if (f.escalatedTo)
        throw new IllegalFollowUpError(name, f, `it was escalated to ${f.escalatedTo} on ${f.escalatedAt}`);
      const toUnit = parentOf(f.unit);
      if (!toUnit) throw new IllegalFollowUpError(name, f, `${f.unit} has no parent unit to escalate to`);
      return [
        {
          type: 'FindingEscalated',
          data: { ...ref, toUnit, reason: command.reason, ...(command.dueAt ? { dueAt: command.dueAt } : {}) },
        },
      ];
    }
    case 'Reopen':
      if (f.status !== 'accepted' && f.status !== 'resolved')
        throw new IllegalFollowUpError(name, f, 'only accepted or resolved work is reopened');
      return [{ type: 'FindingReopened', data: { ...ref, reason: command.reason, unitCode: f.unit as UnitCode } }];
  }
}
