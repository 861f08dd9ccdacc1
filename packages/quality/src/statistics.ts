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

export interface RobustSpread {
  median: number;
  mad: number;
  meanAbsoluteDeviation: number;
  /** The spread in standard-deviation units: MAD/0.6745, else meanAbsoluteDeviation/0.7978846482, else 0. */
  sigma: number;
  formula:
    | 'σ = MAD/0.6745'
    | 'σ = meanAbsoluteDeviation/0.7978846482 (MAD = 0)'
    | 'σ = 0 (MAD = 0 and meanAbsoluteDeviation = 0)';
}

/**
 * The robust spread of the Iglewicz–Hoaglin modified z-score, M = 0.6745·(x − median)/MAD = (x − median)/σ,
 * MAD = median |xᵢ − median|; where MAD = 0, σ = meanAbsoluteDeviation/0.7978846482; where both are 0, σ = 0.
 */
export function robustSpread(reference: readonly number[], centre = median(reference)): RobustSpread {
  const deviations = reference.map((v) => Math.abs(v - centre));
  const mad = median(deviations);
  const meanAbsoluteDeviation = mean(deviations);
  const base = { median: centre, mad, meanAbsoluteDeviation };
  if (mad > 0) return { ...base, sigma: mad / 0.6745, formula: 'σ = MAD/0.6745' };
  if (meanAbsoluteDeviation > 0) {
    return {
      ...base,
      sigma: meanAbsoluteDeviation / 0.7978846482,
      formula: 'σ = meanAbsoluteDeviation/0.7978846482 (MAD = 0)',
    };
  }
  return { ...base, sigma: 0, formula: 'σ = 0 (MAD = 0 and meanAbsoluteDeviation = 0)' };
}

export interface ModifiedZ {
  m: number;
  median: number;
  mad: number;
  meanAbsoluteDeviation: number;
  /** Which of the three cases of the definition applied. */
  formula:
    | 'M = 0.6745·(x − median)/MAD'
    | 'M = 0.7978846482·(x − median)/meanAbsoluteDeviation (MAD = 0)'
    | 'M = 0 (MAD = 0 and meanAbsoluteDeviation = 0)';
}

const Z_FORMULA = {
  'σ = MAD/0.6745': 'M = 0.6745·(x − median)/MAD',
  'σ = meanAbsoluteDeviation/0.7978846482 (MAD = 0)': 'M = 0.7978846482·(x − median)/meanAbsoluteDeviation (MAD = 0)',
  'σ = 0 (MAD = 0 and meanAbsoluteDeviation = 0)': 'M = 0 (MAD = 0 and meanAbsoluteDeviation = 0)',
} as const;

/** Iglewicz–Hoaglin modified z-score of `x` against `reference`; M = 0 where the reference has no spread at all. */
export function modifiedZ(x: number, reference: readonly number[]): ModifiedZ {
  const { sigma, formula, ...spread } = robustSpread(reference);
  return { m: sigma > 0 ? (x - spread.median) / sigma : 0, ...spread, formula: Z_FORMULA[formula] };
}

/** Grades of |M|, as the WHO data quality review tool grades outliers: moderate above 3.5, extreme above 5. */
export const OUTLIER_MODERATE = 3.5;
export const OUTLIER_EXTREME = 5;
