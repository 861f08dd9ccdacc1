import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import hypergeometricCdf from '@stdlib/stats-base-dists-hypergeometric-cdf';

export const LQAS_SAMPLE = 19;
/** Both misclassification risks at or below this make a rule fit for a decision (the usual LQAS standard). */
export const LQAS_RISK_LIMIT = 0.1;

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
  /** Binomial for a lot taken as unbounded; hypergeometric for a township of `lotSize` reports. */
  model: 'binomial' | 'hypergeometric';
  lotSize?: number;
  statement: string;
  /** Set when no rule keeps both risks at or below 10 %. */
  warning?: string;
}

/**
 * Lot quality assurance sampling per township: the decision rule d minimises the larger of the two
 * misclassification risks between an acceptable and an unacceptable discrepancy rate (then their sum, then
 * the smaller d). Without a lot size the lot is unbounded and the risks are binomial, as in the published
 * n = 19 tables. With one, n = min(19, N) reports are drawn without replacement from the township's N, so
 * the risks are hypergeometric with ⌊pₐ·N⌋ and ⌈pᵤ·N⌉ discrepant reports in the lot; a township of fewer
 * than 19 is taken whole and judged without sampling risk.
 */
export function lqasRule(acceptableRate: number, unacceptableRate: number, lotSize?: number): LqasRule {
  if (!(acceptableRate < unacceptableRate))
    throw new Error('the acceptable discrepancy rate must be below the unacceptable one');
  const n = lotSize === undefined ? LQAS_SAMPLE : Math.min(LQAS_SAMPLE, lotSize);
  const passes =
    lotSize === undefined
      ? (d: number, rate: number) => binomialCdf(d, n, rate)
      : (d: number, rate: number, acceptable: boolean) => {
          const discrepant = acceptable ? Math.floor(rate * lotSize + 1e-9) : Math.ceil(rate * lotSize - 1e-9);
          return hypergeometricCdf(d, lotSize, discrepant, n);
        };
  let best: { d: number; alpha: number; beta: number } | undefined;
  for (let d = 0; d <= n; d++) {
    const alpha = Math.max(0, 1 - passes(d, acceptableRate, true));
    const beta = Math.min(1, passes(d, unacceptableRate, false));
    if (!best || isBetter({ alpha, beta }, best)) best = { d, alpha, beta };
  }
  const { d, alpha, beta } = best!;
  const lot = lotSize === undefined ? 'per township' : `of the township's ${lotSize}`;
  const risks = `α ${alpha.toFixed(4)}, β ${beta.toFixed(4)}`;
  return {
    n,
    d,
    acceptableRate,
    unacceptableRate,
    alpha,
    beta,
    model: lotSize === undefined ? 'binomial' : 'hypergeometric',
    ...(lotSize === undefined ? {} : { lotSize }),
    statement: `sample ${n} reports ${lot}; pass if at most ${d} show a discrepancy (${risks})`,
    ...(Math.max(alpha, beta) > LQAS_RISK_LIMIT
      ? {
          warning: `no decision rule on ${n} reports keeps both risks at or below ${LQAS_RISK_LIMIT * 100} % between discrepancy rates ${acceptableRate} and ${unacceptableRate}; the best, at most ${d}, has ${risks}: widen the gap between the two rates`,
        }
      : {}),
  };
}

/** Lower maximum risk first, then lower total risk; a tie keeps the earlier (smaller) d. */
function isBetter(a: { alpha: number; beta: number }, b: { alpha: number; beta: number }): boolean {
  const byMax = Math.max(a.alpha, a.beta) - Math.max(b.alpha, b.beta);
  if (Math.abs(byMax) > 1e-12) return byMax < 0;
  return a.alpha + a.beta - (b.alpha + b.beta) < -1e-12;
}

export type LotDecision = 'pass' | 'fail' | 'pending';

/**
 * A township's verdict once its recounts are in: fail as soon as more than d discrepancies are found, pass
 * once no outstanding recount could take it above d, otherwise pending.
 */
export function lotDecision(
  rule: Pick<LqasRule, 'd'>,
  sampled: number,
  recounted: number,
  discrepant: number,
): LotDecision {
  if (discrepant > rule.d) return 'fail';
  return discrepant + (sampled - recounted) <= rule.d ? 'pass' : 'pending';
}
