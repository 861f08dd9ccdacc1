import { Decimal, type DecimalValue } from '@statledger/domain';
import { round, type Finding } from '../finding.ts';

/** A unit may move up to 1.33 times as fast, or as slow, as its parent: 1 ± 0.33, symmetric in ratio terms. */
export const CONSISTENCY_LIMIT = new Decimal('1.33');

export interface GrowthRatio {
  current: Decimal;
  ratio: Decimal;
  baseline: Decimal;
  basis: 'same period, previous years' | 'previous periods';
  baselineValues: string[];
}

/**
 * ratio = current / mean of the same period in the previous (up to 3) years; where no earlier year exists,
 * the mean of the previous (up to 3) periods. Null when there is no baseline or it is not above 0. In
 * decimals, so that a ratio of exactly 1.33 is 1.33.
 */
export function growthRatio(
  current: DecimalValue,
  samePeriodPreviousYears: readonly DecimalValue[],
  previousPeriods: readonly DecimalValue[],
): GrowthRatio | null {
  const [basis, values] =
    samePeriodPreviousYears.length > 0
      ? (['same period, previous years', samePeriodPreviousYears.slice(0, 3)] as const)
      : (['previous periods', previousPeriods.slice(0, 3)] as const);
  if (values.length === 0) return null;
  const baseline = values.reduce<Decimal>((s, v) => s.plus(v), new Decimal(0)).div(values.length);
  if (baseline.lte(0)) return null;
  return {
    current: new Decimal(current),
    ratio: new Decimal(current).div(baseline),
    baseline,
    basis,
    baselineValues: values.map((v) => new Decimal(v).toFixed()),
  };
}

/** For counts, a change must also exceed this many Poisson standard deviations: 1 → 2 patents is no trend. */
export const COUNT_NOISE_LIMIT = 3;

/**
 * A unit moving unlike the rest of its parent: its ratio divided by the ratio of the parent without it
 * (a unit cannot hide in a total it dominates), flagged outside [1/1.33, 1.33]. For counts the difference
 * from what the rest's movement predicts, e = baseline·ratio(rest), must also exceed 3·√(e·(1 + ratio/k))
 * (Poisson noise of the count and of its k-period baseline).
 */
export function checkConsistency(indicator: string, unit: GrowthRatio, rest: GrowthRatio, counts = false): Finding[] {
  if (rest.ratio.lte(0)) return [];
  const relative = unit.ratio.div(rest.ratio);
  if (relative.lte(CONSISTENCY_LIMIT) && relative.times(CONSISTENCY_LIMIT).gte(1)) return [];
  const predicted = unit.baseline.times(rest.ratio);
  const noise = predicted.times(rest.ratio.div(unit.baselineValues.length).plus(1)).sqrt();
  if (counts && unit.current.minus(predicted).abs().lte(noise.times(COUNT_NOISE_LIMIT))) return [];
  const r = (d: Decimal, digits: number) => round(d.toNumber(), digits);
  return [
    {
      code: 'INCONSISTENT_OVER_TIME',
      severity: 'warning',
      indicator,
      message: `${indicator} changed by a factor ${r(unit.ratio, 3)} while the rest of its parent changed by ${r(rest.ratio, 3)} (relative ${r(relative, 3)}, allowed ${r(new Decimal(1).div(CONSISTENCY_LIMIT), 3)} to ${CONSISTENCY_LIMIT.toString()})`,
      evidence: {
        unitRatio: r(unit.ratio, 6),
        unitBaseline: r(unit.baseline, 6),
        unitBaselineValues: unit.baselineValues,
        basis: unit.basis,
        parentRatio: r(rest.ratio, 6),
        parentBaseline: r(rest.baseline, 6),
        relative: r(relative, 6),
        limits: [r(new Decimal(1).div(CONSISTENCY_LIMIT), 6), CONSISTENCY_LIMIT.toNumber()],
        ...(counts ? { predicted: r(predicted, 4), poissonSd: r(noise, 4), countNoiseLimit: COUNT_NOISE_LIMIT } : {}),
        formula:
          'relative = (current / mean(baseline)) / (rest of parent: current / mean(baseline)), rest = parent − unit; flagged outside [1/1.33, 1.33]',
      },
    },
  ];
}

/** A value of a unit or a total, `k` periods before the one checked (0: the period itself). */
export type PeriodsBack = (k: number) => Decimal | undefined;

/**
 * The consistency check of one member of a group for one indicator, from its own values and its parent's totals
 * by periods back: the member against the rest of the parent without it. Where the member exceeds its parent's
 * own total (a ×1000 typo), there is no rest: the total is compared.
 */
export function checkMemberConsistency(
  indicator: string,
  own: PeriodsBack,
  parentTotal: PeriodsBack,
  periodsPerYear: number,
  counts: boolean,
): Finding[] {
  const ratioOf = (value: PeriodsBack) => {
    const current = value(0);
    if (current === undefined) return null;
    const years = [1, 2, 3].map((y) => value(y * periodsPerYear)).filter((v) => v !== undefined);
    const previous = [1, 2, 3].map((k) => value(k)).filter((v) => v !== undefined);
    return growthRatio(current, years, previous);
  };
  const unit = ratioOf(own);
  const withoutUnit = ratioOf((k) => parentTotal(k)?.minus(own(k) ?? 0));
  const others = withoutUnit && withoutUnit.ratio.gt(0) ? withoutUnit : ratioOf(parentTotal);
  return unit && others ? checkConsistency(indicator, unit, others, counts) : [];
}
