/** Robust statistics the checks share; pure, over plain numbers. */

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

export interface ModifiedZ {
  m: number;
  median: number;
  mad: number;
  meanAbsoluteDeviation: number;
  /** Which of the three cases of the definition applied. */
  formula: 'M = 0.6745·(x − median)/MAD' | 'M = 0.7978846482·(x − median)/meanAbsoluteDeviation (MAD = 0)' | 'M = 0 (MAD = 0 and meanAbsoluteDeviation = 0)';
}

/**
 * Iglewicz–Hoaglin modified z-score of `x` against `reference`: M = 0.6745·(x − median)/MAD with
 * MAD = median |xᵢ − median|; where MAD = 0, 0.7978846482·(x − median)/meanAbsoluteDeviation; where both are 0, M = 0.
 */
export function modifiedZ(x: number, reference: readonly number[]): ModifiedZ {
  const med = median(reference);
  const deviations = reference.map((v) => Math.abs(v - med));
  const mad = median(deviations);
  const meanAbsoluteDeviation = mean(deviations);
  if (mad > 0) return { m: (0.6745 * (x - med)) / mad, median: med, mad, meanAbsoluteDeviation, formula: 'M = 0.6745·(x − median)/MAD' };
  if (meanAbsoluteDeviation > 0) {
    return { m: (0.7978846482 * (x - med)) / meanAbsoluteDeviation, median: med, mad, meanAbsoluteDeviation, formula: 'M = 0.7978846482·(x − median)/meanAbsoluteDeviation (MAD = 0)' };
  }
  return { m: 0, median: med, mad, meanAbsoluteDeviation, formula: 'M = 0 (MAD = 0 and meanAbsoluteDeviation = 0)' };
}

export const OUTLIER_THRESHOLD = 3.5;
