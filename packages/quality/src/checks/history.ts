import { round, type Finding } from '../finding.ts';
import { OUTLIER_THRESHOLD, modifiedZ } from '../statistics.ts';

export const MIN_HISTORY = 4;

/**
 * The unit's value against its own previous (up to 12) periods by the modified z-score; |M| > 3.5 is a warning.
 * Fewer than 4 history points is said as such, never taken for a pass.
 */
export function checkOwnHistory(indicator: string, value: number, history: readonly number[]): Finding[] {
  if (history.length < MIN_HISTORY) return [notEnoughHistory(history.length, [indicator])];
  const z = modifiedZ(value, history);
  if (Math.abs(z.m) <= OUTLIER_THRESHOLD) return [];
  return [{
    code: 'OUTLIER_OWN_HISTORY',
    severity: 'warning',
    indicator,
    message: `${indicator} = ${value} is far from this unit's own history (median ${round(z.median)}, modified z ${round(z.m, 2)}, limit ±${OUTLIER_THRESHOLD})`,
    evidence: { value, history: [...history], median: round(z.median, 6), mad: round(z.mad, 6), meanAbsoluteDeviation: round(z.meanAbsoluteDeviation, 6), m: round(z.m, 4), formula: z.formula, threshold: OUTLIER_THRESHOLD },
  }];
}

/** Said once per report (the history is short for the unit, not for one figure), never taken for a pass. */
export function notEnoughHistory(points: number, indicators: string[]): Finding {
  return {
    code: 'NOT_ENOUGH_HISTORY',
    severity: 'info',
    message: `only ${points} earlier period${points === 1 ? '' : 's'} on record; the outlier test against the unit's own history needs ${MIN_HISTORY}`,
    evidence: { historyPoints: points, required: MIN_HISTORY, indicators },
  };
}
