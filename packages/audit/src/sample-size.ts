/** Two-sided standard normal quantiles for the usual confidence levels. */
const Z: Record<string, number> = { '0.9': 1.644853627, '0.95': 1.9599639845, '0.99': 2.5758293035 };

export function zFor(confidence: number): number {
  const z = Z[String(confidence)];
  if (z === undefined) throw new Error(`confidence ${confidence} is not one of ${Object.keys(Z).join(', ')}`);
  return z;
}

export interface SampleSize {
  n: number;
  formula: string;
  inputs: { populationSize: number; marginOfError: number; confidence: number; z: number; proportion: number };
  n0: number;
  corrected: number;
}

/**
 * For a proportion: n₀ = z²·p(1−p)/e², then the finite-population correction n = n₀/(1 + (n₀−1)/N),
 * rounded up. The plan records formula, inputs and result.
 */
export function sampleSizeForProportion(
  populationSize: number,
  marginOfError: number,
  confidence: number,
  proportion = 0.5,
): SampleSize {
  if (!(marginOfError > 0 && marginOfError < 1))
    throw new Error('the margin of error is a fraction between 0 and 1, e.g. 0.05');
  if (!(populationSize >= 1)) throw new Error('the population holds at least one report');
  const z = zFor(confidence);
  const n0 = (z * z * proportion * (1 - proportion)) / (marginOfError * marginOfError);
  const corrected = n0 / (1 + (n0 - 1) / populationSize);
  return {
    n: Math.min(populationSize, Math.ceil(corrected - 1e-9)),
    formula: 'n₀ = z²·p(1−p)/e²; n = ceil(n₀ / (1 + (n₀ − 1)/N))',
    inputs: { populationSize, marginOfError, confidence, z, proportion },
    n0,
    corrected,
  };
}
