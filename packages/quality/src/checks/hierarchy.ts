import { round, type Finding } from '../finding.ts';

export const HIERARCHY_TOLERANCE = 0.01;

/** A parent's own total against the sum of its children's reports; compared only once every expected child has reported. */
export function checkHierarchy(indicator: string, own: number, children: { sum: number; received: number; expected: number }): Finding[] {
  if (children.expected === 0 || children.received < children.expected) return [];
  const difference = own - children.sum;
  const relative = Math.abs(difference) / Math.max(Math.abs(own), Math.abs(children.sum), Number.MIN_VALUE);
  if (relative <= HIERARCHY_TOLERANCE) return [];
  return [{
    code: 'HIERARCHY_MISMATCH',
    severity: 'warning',
    indicator,
    message: `own total ${indicator} = ${round(own, 6)} but its ${children.received} child units report ${round(children.sum, 6)} (difference ${round(difference, 6)}, ${round(relative * 100, 2)} %)`,
    evidence: { own: round(own, 6), childrenSum: round(children.sum, 6), children: children.received, difference: round(difference, 6), relative: round(relative, 6), tolerance: HIERARCHY_TOLERANCE, formula: 'relative = |own − Σ children| / max(|own|, |Σ children|)' },
  }];
}
