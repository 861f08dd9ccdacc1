import { z } from 'zod';

export const severitySchema = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof severitySchema>;

type Evidence = { [key: string]: string | number | boolean | null | Evidence | (string | number | null | Evidence)[] };

/** What a check found, with the numbers and the formula that produced it, so an auditor can recompute it by hand. */
export interface Finding {
  code: string;
  severity: Severity;
  indicator?: string;
  message: string;
  evidence: Evidence;
}

/** The families of checks; each is re-evaluated as a whole, so its open findings are replaced together. */
export const CHECK_FAMILIES = [
  'timeliness',
  'rules',
  'history',
  'sources',
  'peers',
  'consistency',
  'hierarchy',
  'benford',
] as const;
export type CheckFamily = (typeof CHECK_FAMILIES)[number];

/** Identity of a finding within its report and family: a recomputation that yields the same key and evidence changes nothing. */
export function findingKey(family: CheckFamily, finding: Pick<Finding, 'code' | 'indicator'>): string {
  return `${family}|${finding.code}|${finding.indicator ?? ''}`;
}

export function round(value: number, digits = 4): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
