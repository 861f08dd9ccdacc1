export const LQAS_SAMPLE = 19;

function binomialCdf(k: number, n: number, p: number): number {
  let sum = 0;
  let term = (1 - p) ** n;
  for (let i = 0; i <= k; i++) {
    sum += term;
    term = (term * (n - i) * p) / ((i + 1) * (1 - p));
  }
  return Math.min(1, sum);
}

export interface LqasRule {
  n: number;
  /** A township passes when at most `d` of its sampled reports show a discrepancy. */
  d: number;
  acceptableRate: number;
  unacceptableRate: number;
  /** Probability of failing a township whose discrepancy rate is acceptable. */
  alpha: number;
  /** Probability of passing a township whose discrepancy rate is unacceptable. */
  beta: number;
  statement: string;
}

/**
 * Lot quality assurance sampling per township with n = 19: the decision rule d minimises the larger of the
 * two misclassification risks between an acceptable and an unacceptable discrepancy rate.
 */
export function lqasRule(acceptableRate: number, unacceptableRate: number, n = LQAS_SAMPLE): LqasRule {
  if (!(acceptableRate < unacceptableRate)) throw new Error('the acceptable discrepancy rate must be below the unacceptable one');
  let best: LqasRule | undefined;
  for (let d = 0; d <= n; d++) {
    const alpha = 1 - binomialCdf(d, n, acceptableRate);
    const beta = binomialCdf(d, n, unacceptableRate);
    if (!best || Math.max(alpha, beta) < Math.max(best.alpha, best.beta)) {
      best = { n, d, acceptableRate, unacceptableRate, alpha, beta, statement: `sample ${n} reports per township; pass if at most ${d} show a discrepancy` };
    }
  }
  return best!;
}
