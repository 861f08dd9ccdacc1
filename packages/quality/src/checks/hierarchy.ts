import { Decimal } from '@statledger/domain';
import { round, type Finding } from '../finding.ts';

/** A parent's own total may differ from the sum of its children's reports by 1 % of that sum, either way. */
export const HIERARCHY_TOLERANCE = new Decimal('0.01');

/**
 * A parent's own total against the sum of its children's reports, compared only once every expected child
 * has reported: |own − Σ children| ≤ 1 % of |Σ children|, in decimals, so +1 % and −1 % are judged alike
 * and exactly 1 % passes. Where the children report 0, any other own total is a mismatch.
 */
export function checkHierarchy(
  indicator: string,
  own: string,
  children: { values: readonly string[]; expected: number },
): Finding[] {
  if (children.expected === 0 || children.values.length < children.expected) return [];
  const sum = children.values.reduce((s, v) => s.plus(v), new Decimal(0));
  const difference = new Decimal(own).minus(sum);
  if (difference.abs().lte(sum.abs().times(HIERARCHY_TOLERANCE))) return [];
  const relative = sum.isZero() ? null : difference.abs().div(sum.abs());
  const percent =
    relative === null ? 'the children report 0' : `${relative.times(100).toFixed(2)} % of the children's sum`;
  return [
    {
      code: 'HIERARCHY_MISMATCH',
      severity: 'warning',
      indicator,
      message: `own total ${indicator} = ${own} but its ${children.values.length} child units report ${sum.toFixed()} (difference ${difference.toFixed()}, ${percent}; allowed 1 %)`,
      evidence: {
        own,
        childrenSum: sum.toFixed(),
        children: children.values.length,
        difference: difference.toFixed(),
        relative: relative === null ? null : round(relative.toNumber(), 6),
        tolerance: HIERARCHY_TOLERANCE.toNumber(),
        formula: 'relative = |own − Σ children| / |Σ children|; a mismatch above 1 %',
      },
    },
  ];
}
