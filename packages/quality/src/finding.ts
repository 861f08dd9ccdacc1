export { CHECK_FAMILIES, severitySchema } from '@statledger/domain';
export type { CheckFamily, Evidence, Finding, Severity } from '@statledger/domain';
import type { CheckFamily, Finding } from '@statledger/domain';

/** Identity of a finding within its report and family: a recomputation that yields the same key and evidence changes nothing. */
export function findingKey(family: CheckFamily, finding: Pick<Finding, 'code' | 'indicator'>): string {
  return `${family}|${finding.code}|${finding.indicator ?? ''}`;
}

export function round(value: number, digits = 4): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
