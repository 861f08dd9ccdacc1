import { round, type Finding } from '../finding.ts';
import { mean } from '../statistics.ts';

export const CONSISTENCY_BAND = 0.33;

export interface GrowthRatio {
  ratio: number;
  baseline: number;
  basis: 'same period, previous years' | 'previous periods';
  baselineValues: number[];
}

/**
 * ratio = current / mean of the same period in the previous (up to 3) years; where no earlier year exists,
 * the mean of the previous (up to 3) periods. Null when there is no baseline or it is 0.
 */
export function growthRatio(current: number, samePeriodPreviousYears: readonly number[], previousPeriods: readonly number[]): GrowthRatio | null {
  const [basis, values] = samePeriodPreviousYears.length > 0 ? (['same period, previous years', samePeriodPreviousYears.slice(0, 3)] as const) : (['previous periods', previousPeriods.slice(0, 3)] as const);
  if (values.length === 0) return null;
  const baseline = mean(values);
  if (baseline === 0) return null;
  return { ratio: current / baseline, baseline, basis, baselineValues: [...values] };
}

/** A unit moving unlike its parent: its ratio divided by the parent's ratio outside 1 ± 0.33. */
export function checkConsistency(indicator: string, unit: GrowthRatio, parent: GrowthRatio): Finding[] {
  if (parent.ratio === 0) return [];
  const relative = unit.ratio / parent.ratio;
  if (Math.abs(relative - 1) <= CONSISTENCY_BAND) return [];
  return [{
    code: 'INCONSISTENT_OVER_TIME',
    severity: 'warning',
    indicator,
    message: `${indicator} changed by a factor ${round(unit.ratio, 3)} while the parent changed by ${round(parent.ratio, 3)} (relative ${round(relative, 3)}, allowed 1 ± ${CONSISTENCY_BAND})`,
    evidence: {
      unitRatio: round(unit.ratio, 6), unitBaseline: round(unit.baseline, 6), unitBaselineValues: unit.baselineValues, basis: unit.basis,
      parentRatio: round(parent.ratio, 6), parentBaseline: round(parent.baseline, 6), relative: round(relative, 6), band: CONSISTENCY_BAND,
      formula: 'relative = (current / mean(baseline)) / (parentCurrent / mean(parentBaseline))',
    },
  }];
}
