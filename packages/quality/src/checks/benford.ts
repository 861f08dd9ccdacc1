import chiSquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { clusteredProportionVariance, raoScottDesignEffect } from '../clusters.ts';
import { round, type Finding } from '../finding.ts';

export const BENFORD_MIN_VALUES = 50;
/** P(d) = log10(1 + 1/d), d = 1…9 */
export const BENFORD_EXPECTED = Array.from({ length: 9 }, (_, i) => Math.log10(1 + 1 / (i + 1)));
/** Nigrini's first-digit MAD thresholds. */
export const NIGRINI = { close: 0.006, acceptable: 0.012, marginal: 0.015 } as const;
/** First digits follow Benford's law only for figures spread over orders of magnitude (log10 of P99 / P1). */
export const MIN_SPAN_DECADES = 2;
/** A deviation is called fabrication only when chance this size is rarer than this (χ², one-sided z). */
export const SIGNIFICANCE = 0.001;

export type Conformity = 'close conformity' | 'acceptable conformity' | 'marginal conformity' | 'nonconformity';

/** A village's value in the window: the villages are the clusters of the screen. */
export interface VillageValue {
  unit: string;
  value: string;
}

/** First significant digit of a decimal string (leading zeros, sign and point skipped); null for zero. */
export function firstDigit(value: string): number | null {
  const match = /[1-9]/.exec(value);
  return match ? Number(match[0]) : null;
}

/**
 * The mean absolute deviation expected from chance alone when n values follow Benford's law exactly:
 * (1/9)·Σ E|p̂(d) − P(d)|, E|p̂ − P| ≈ √(2·P(1 − P)/(π·n)) (the normal approximation of the binomial).
 * 0.019 at n = 150 and 0.0136 at n = 300: above Nigrini's limits, which assume thousands of values.
 */
export function expectedMadUnderBenford(n: number): number {
  return BENFORD_EXPECTED.reduce((s, p) => s + Math.sqrt((2 * p * (1 - p)) / (Math.PI * n)), 0) / 9;
}

export const conformityOf = (mad: number): Conformity =>
  mad <= NIGRINI.close
    ? 'close conformity'
    : mad <= NIGRINI.acceptable
      ? 'acceptable conformity'
      : mad <= NIGRINI.marginal
        ? 'marginal conformity'
        : 'nonconformity';

export interface BenfordResult {
  n: number;
  villages: number;
  counts: number[];
  observed: number[];
  mad: number;
  /** What chance gives at the effective size n/δ̄; the excess over it is judged by Nigrini's limits. */
  expectedMad: number;
  excessMad: number;
  conformity: Conformity;
  /** Pearson χ² against Benford's proportions, df = 8, and after Rao–Scott's correction for the villages. */
  chiSquare: number;
  designEffect: number;
  chiSquareAdjusted: number;
  pValue: number;
}

/** Log10 of the ratio of the 99th to the 1st percentile of the non-zero magnitudes (type 7 quantiles). */
export function spanInDecades(values: readonly number[]): number {
  const sorted = values.map(Math.abs).sort((a, b) => a - b);
  const quantile = (q: number) => {
    const h = (sorted.length - 1) * q;
    const lo = Math.floor(h);
    return sorted[lo]! + (h - lo) * (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!);
  };
  return Math.log10(quantile(0.99) / quantile(0.01));
}

/** First-digit test over the non-zero values, the villages as clusters. */
export function benford(values: readonly VillageValue[]): BenfordResult {
  const byVillage = new Map<string, number[]>();
  for (const v of values) {
    const d = firstDigit(v.value);
    if (d === null) continue;
    const counts = byVillage.get(v.unit) ?? byVillage.set(v.unit, Array<number>(9).fill(0)).get(v.unit)!;
    counts[d - 1]! += 1;
  }
  const clusters = [...byVillage.values()].map((counts) => ({ counts, size: counts.reduce((s, c) => s + c, 0) }));
  const counts = BENFORD_EXPECTED.map((_, i) => clusters.reduce((s, c) => s + c.counts[i]!, 0));
  const n = counts.reduce((s, c) => s + c, 0);
  const observed = counts.map((c) => c / n);
  const mad = observed.reduce((s, p, i) => s + Math.abs(p - BENFORD_EXPECTED[i]!), 0) / 9;
  const chiSquare = counts.reduce((s, c, i) => s + (c - n * BENFORD_EXPECTED[i]!) ** 2 / (n * BENFORD_EXPECTED[i]!), 0);
  const measured = raoScottDesignEffect(clusters, BENFORD_EXPECTED);
  // Every village alike in every month would give 0: no information, so no correction rather than an infinite one.
  const designEffect = measured > 0 ? measured : 1;
  const expectedMad = expectedMadUnderBenford(n / designEffect);
  const excessMad = Math.max(0, mad - expectedMad);
  const chiSquareAdjusted = chiSquare / designEffect;
  return {
    n,
    villages: clusters.length,
    counts,
    observed,
    mad,
    expectedMad,
    excessMad,
    conformity: conformityOf(excessMad),
    chiSquare,
    designEffect,
    chiSquareAdjusted,
    pValue: 1 - chiSquareCdf(chiSquareAdjusted, 8),
  };
}

export const HEAPING_EXPECTED = 0.2;
export const HEAPING_Z_LIMIT = 3;

/**
 * The last digit of a value in its reported unit: the units digit of the whole part. Decimals after the point
 * are left out, so '123.00' is 3 and formatting zeros cannot look like rounding. Only values of 100 or more
 * count: there the units digit is the third significant digit or later, which Benford's law itself makes 0
 * or 5 in 20.2 % of honest figures; as a second digit (10 to 99) it is 0 or 5 in 21.6 %, more where values
 * crowd just above 10. Zeros and smaller values give null.
 */
export function terminalDigit(value: string): number | null {
  const whole = value.replace(/^-/, '').split('.')[0]!;
  return whole.length >= 3 && /^[1-9]/.test(whole) ? Number(whole.at(-1)) : null;
}

/**
 * Share of values whose terminal digit is 0 or 5, against the 20 % of unrounded figures: z = (p̂ − 0.2) / SE,
 * SE from the villages as clusters (Rao–Scott's first-order correction for two classes), one-sided.
 */
export function terminalDigitHeaping(values: readonly VillageValue[]) {
  const byVillage = new Map<string, { count: number; size: number }>();
  for (const v of values) {
    const digit = terminalDigit(v.value);
    if (digit === null) continue;
    const c = byVillage.get(v.unit) ?? byVillage.set(v.unit, { count: 0, size: 0 }).get(v.unit)!;
    c.size++;
    if (digit === 0 || digit === 5) c.count++;
  }
  const clusters = [...byVillage.values()];
  const n = clusters.reduce((s, c) => s + c.size, 0);
  const heaped = clusters.reduce((s, c) => s + c.count, 0);
  const share = n ? heaped / n : 0;
  const independent = (HEAPING_EXPECTED * (1 - HEAPING_EXPECTED)) / n;
  // Rao–Scott for two classes: X²/δ = (p̂ − 0.2)²/V̂, δ = V̂/(0.2·0.8/n). Without any spread between villages
  // (V̂ = 0) there is nothing to correct with, and the values count as independent.
  const measured = clusteredProportionVariance(clusters);
  const variance = measured > 0 ? measured : independent;
  const z = (share - HEAPING_EXPECTED) / Math.sqrt(variance);
  return {
    n,
    villages: clusters.length,
    heaped,
    share,
    designEffect: variance / independent,
    z,
    pValue: 1 - normalCdf(z, 0, 1),
  };
}

/**
 * Fabrication screening over all village values of one money or tonnage indicator in a district and window:
 * first digits against Benford's law, and terminal digits against rounding. Each needs 50 values (non-zero,
 * and for terminal digits 100 or more); first digits also need the values to span two orders of magnitude,
 * else the law does not apply and the screen says so. The villages report every month of the window, so both
 * tests take their variance from the villages (Rao–Scott). A warning needs the first-digit deviation to be
 * nonconformity beyond what chance gives at this size (Nigrini's limits on MAD − expected MAD) and
 * significant (p < 0.001), or heaping with z > 3; a deviation that is one without the other is info.
 */
export function checkFabrication(
  indicator: string,
  values: readonly VillageValue[],
  scope: { district: string; window: string },
): Finding[] {
  const where = `${values.length} village values of ${indicator} in ${scope.district} ${scope.window}`;
  const nonZero = values.filter((v) => firstDigit(v.value) !== null);
  const heaping = terminalDigitHeaping(values);
  const short = [
    ...(nonZero.length < BENFORD_MIN_VALUES ? [`${nonZero.length} non-zero for the first-digit test`] : []),
    ...(heaping.n < BENFORD_MIN_VALUES ? [`${heaping.n} of 100 or more for the terminal-digit test`] : []),
  ];
  const findings: Finding[] = [];
  if (short.length) {
    findings.push({
      code: 'NOT_ENOUGH_DATA',
      severity: 'info',
      indicator,
      message: `${where}: ${short.join(', ')}; each test needs ${BENFORD_MIN_VALUES}`,
      evidence: {
        ...scope,
        n: values.length,
        nonZero: nonZero.length,
        terminalDigits: heaping.n,
        required: BENFORD_MIN_VALUES,
      },
    });
  }
  if (nonZero.length >= BENFORD_MIN_VALUES) findings.push(...firstDigitFindings(indicator, nonZero, scope, where));
  if (heaping.n >= BENFORD_MIN_VALUES && heaping.z > HEAPING_Z_LIMIT) {
    findings.push({
      code: 'TERMINAL_DIGIT_HEAPING',
      severity: 'warning',
      indicator,
      message: `${round(heaping.share * 100, 1)} % of ${heaping.n} village values of ${indicator} in ${scope.district} ${scope.window} end in 0 or 5 in their whole units (expected 20 %, z ${round(heaping.z, 2)} over ${heaping.villages} villages, design effect ${round(heaping.designEffect, 2)})`,
      evidence: {
        ...scope,
        n: heaping.n,
        villages: heaping.villages,
        heaped: heaping.heaped,
        share: round(heaping.share, 4),
        expectedShare: HEAPING_EXPECTED,
        designEffect: round(heaping.designEffect, 4),
        z: round(heaping.z, 4),
        pValue: round(heaping.pValue, 8),
        limit: HEAPING_Z_LIMIT,
        formula:
          'z = (p̂ − 0.2) / √V̂cluster(p̂), design effect = V̂cluster(p̂) / (0.2·0.8/n); digit = units digit of values ≥ 100',
      },
    });
  }
  return findings;
}

function firstDigitFindings(
  indicator: string,
  values: readonly VillageValue[],
  scope: { district: string; window: string },
  where: string,
): Finding[] {
  const span = spanInDecades(values.map((v) => Number(v.value)));
  if (span < MIN_SPAN_DECADES) {
    return [
      {
        code: 'BENFORD_NOT_APPLICABLE',
        severity: 'info',
        indicator,
        message: `${where}: the values span ${round(span, 2)} orders of magnitude (1st to 99th percentile); first digits follow Benford's law only over about ${MIN_SPAN_DECADES} or more, so the test is not applied`,
        evidence: { ...scope, n: values.length, spanDecades: round(span, 4), required: MIN_SPAN_DECADES },
      },
    ];
  }
  const r = benford(values);
  const significant = r.pValue < SIGNIFICANCE;
  const deviates = r.conformity === 'nonconformity' || r.conformity === 'marginal conformity';
  if (!deviates && !significant) return [];
  const warned = r.conformity === 'nonconformity' && significant;
  return [
    {
      code: 'BENFORD_NONCONFORMITY',
      severity: warned ? 'warning' : 'info',
      indicator,
      message: `first digits of ${r.n} village values of ${indicator} in ${scope.district} ${scope.window}: MAD ${round(r.mad, 4)}, ${round(r.expectedMad, 4)} expected by chance at this size → ${r.conformity} (Nigrini on the excess: ≤0.006 close, ≤0.012 acceptable, ≤0.015 marginal); χ² ${round(r.chiSquareAdjusted, 1)} after the design effect ${round(r.designEffect, 2)} of ${r.villages} villages, p ${r.pValue < 1e-6 ? '< 0.000001' : round(r.pValue, 6)}${warned ? ': not chance' : ''}`,
      evidence: {
        ...scope,
        n: r.n,
        villages: r.villages,
        spanDecades: round(span, 4),
        counts: r.counts,
        observed: r.observed.map((p) => round(p, 4)),
        expected: BENFORD_EXPECTED.map((p) => round(p, 4)),
        mad: round(r.mad, 6),
        expectedMad: round(r.expectedMad, 6),
        excessMad: round(r.excessMad, 6),
        conformity: r.conformity,
        chiSquare: round(r.chiSquare, 4),
        designEffect: round(r.designEffect, 4),
        chiSquareAdjusted: round(r.chiSquareAdjusted, 4),
        pValue: round(r.pValue, 8),
        significance: SIGNIFICANCE,
        formula:
          'MAD = Σ|observed(d) − log10(1 + 1/d)| / 9, judged as MAD − E[MAD | n/δ̄]; χ²/δ̄ on 8 df, δ̄ = n/8·Σ V̂cluster(p̂ᵢ)/Pᵢ (Rao–Scott)',
      },
    },
  ];
}
