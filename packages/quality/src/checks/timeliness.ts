import { timeliness } from '@statledger/domain';
import type { Finding } from '../finding.ts';

/** On time if first submitted at or before the deadline; late (with whole days) otherwise; missing if overdue and never submitted. */
export function checkTimeliness(input: { deadline: string; firstSubmittedAt?: string; overdueAt?: string }): Finding[] {
  if (input.firstSubmittedAt === undefined) {
    if (input.overdueAt === undefined) return [];
    return [
      {
        code: 'REPORT_MISSING',
        severity: 'error',
        message: `no report had arrived when the deadline ${input.deadline} passed`,
        evidence: { deadline: input.deadline, sweptAt: input.overdueAt },
      },
    ];
  }
  const { onTime, daysLate } = timeliness(input.deadline, input.firstSubmittedAt);
  if (onTime) return [];
  return [
    {
      code: 'LATE_SUBMISSION',
      severity: 'warning',
      message: `first submitted ${daysLate} day${daysLate === 1 ? '' : 's'} after the deadline`,
      evidence: {
        deadline: input.deadline,
        firstSubmittedAt: input.firstSubmittedAt,
        daysLate,
        formula: 'daysLate = ceil((firstSubmittedAt − deadline) / 1 day)',
      },
    },
  ];
}

export interface CompletenessRates {
  expected: number;
  received: number;
  onTime: number;
  completeness: number | null;
  timeliness: number | null;
}

/** completeness = received / expected; timeliness = on time / expected (null when nothing is expected). */
export function completenessRates(expected: number, received: number, onTime: number): CompletenessRates {
  return {
    expected,
    received,
    onTime,
    completeness: expected ? received / expected : null,
    timeliness: expected ? onTime / expected : null,
  };
}
