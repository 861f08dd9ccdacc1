import type { FindingRecord } from './findings-fold.ts';

const num = (v: unknown): number | undefined =>
  typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : undefined;

/**
 * How far the reported value is from what the check expected, in the indicator's unit: what correcting it would
 * move the parent's figure by. Each check states its own expectation in its evidence; where it has none (a late
 * report, a district's digit screen), there is no distance.
 */
export function deviationOf(f: Pick<FindingRecord, 'code' | 'evidence'>): number | undefined {
  const e = f.evidence;
  switch (f.code) {
    case 'OUTLIER_OWN_HISTORY': {
      // The nearest expectation: the one the value is least unusual against.
      const value = num(e.value);
      const nearest = (e.expectations as { expected: number; m: number | null }[] | undefined)
        ?.slice()
        .sort((a, b) => Math.abs(a.m ?? Infinity) - Math.abs(b.m ?? Infinity))[0];
      return value === undefined || !nearest ? undefined : Math.abs(value - nearest.expected);
    }
    case 'PEER_OUTLIER': {
      const value = num(e.value);
      const median = num(e.medianOfPeers);
      return value === undefined || median === undefined ? undefined : Math.abs(value - median);
    }
    case 'INCONSISTENT_OVER_TIME': {
      // The unit's level had it moved as the rest of its parent did, against the level it reported.
      const [baseline, own, rest] = [num(e.unitBaseline), num(e.unitRatio), num(e.parentRatio)];
      return baseline === undefined || own === undefined || rest === undefined
        ? undefined
        : Math.abs(baseline * (own - rest));
    }
    case 'HIERARCHY_MISMATCH':
    case 'SOURCE_CONFLICT': {
      const d = num(e.difference);
      return d === undefined ? undefined : Math.abs(d);
    }
    case 'NEGATIVE_VALUE': {
      const v = num(e.value);
      return v === undefined ? undefined : Math.abs(v);
    }
    case 'IMPLAUSIBLE_VALUE': {
      const [v, min, max] = [num(e.value), num(e.min), num(e.max)];
      if (v === undefined) return undefined;
      if (max !== undefined && v > max) return v - max;
      if (min !== undefined && v < min) return min - v;
      return undefined;
    }
    case 'RULE_VIOLATION': {
      const [left, right] = [num(e.leftValue), num(e.rightValue)];
      return left === undefined || right === undefined ? undefined : Math.abs(left - right);
    }
    default:
      return undefined;
  }
}

/** The share of the parent's figure that the deviation stands for; undefined without a deviation or a figure. */
export function impactOf(deviation: number | undefined, parentTotal: number | undefined): number | undefined {
  if (deviation === undefined || parentTotal === undefined || !(Math.abs(parentTotal) > 0)) return undefined;
  return deviation / Math.abs(parentTotal);
}
