import { round, type Finding } from '../finding.ts';

export const BENFORD_MIN_VALUES = 50;
/** P(d) = log10(1 + 1/d), d = 1…9 */
export const BENFORD_EXPECTED = Array.from({ length: 9 }, (_, i) => Math.log10(1 + 1 / (i + 1)));
/** Nigrini's first-digit MAD thresholds. */
export const NIGRINI = { close: 0.006, acceptable: 0.012, marginal: 0.015 } as const;

export type Conformity = 'close conformity' | 'acceptable conformity' | 'marginal conformity' | 'nonconformity';

/** First significant digit of a decimal string (leading zeros, sign and point skipped); null for zero. */
export function firstDigit(value: string): number | null {
  const match = /[1-9]/.exec(value);
  return match ? Number(match[0]) : null;
}

export interface BenfordResult {
  n: number;
  counts: number[];
  observed: number[];
  mad: number;
  conformity: Conformity;
  /** Pearson χ² against Benford's proportions, df = 8. */
  chiSquare: number;
}

/** χ² with 8 degrees of freedom exceeds this with probability 0.001 under Benford's law. */
export const CHI_SQUARE_8DF_P001 = 26.124;

export function benford(values: readonly string[]): BenfordResult | null {
  const digits = values.map(firstDigit).filter((d): d is number => d !== null);
  if (digits.length < BENFORD_MIN_VALUES) return null;
  const counts = Array.from({ length: 9 }, (_, i) => digits.filter((d) => d === i + 1).length);
  const observed = counts.map((c) => c / digits.length);
  const mad = observed.reduce((s, p, i) => s + Math.abs(p - BENFORD_EXPECTED[i]!), 0) / 9;
  const conformity: Conformity = mad <= NIGRINI.close ? 'close conformity' : mad <= NIGRINI.acceptable ? 'acceptable conformity' : mad <= NIGRINI.marginal ? 'marginal conformity' : 'nonconformity';
  const chiSquare = counts.reduce((s, c, i) => s + (c - digits.length * BENFORD_EXPECTED[i]!) ** 2 / (digits.length * BENFORD_EXPECTED[i]!), 0);
  return { n: digits.length, counts, observed, mad, conformity, chiSquare };
}

export const HEAPING_EXPECTED = 0.2;
export const HEAPING_Z_LIMIT = 3;

/** Share of values whose last reported digit is 0 or 5, against the 20 % of unrounded figures (binomial z). */
export function terminalDigitHeaping(values: readonly string[]) {
  const n = values.length;
  const heaped = values.filter((v) => /[05]$/.test(v)).length;
  const z = (heaped - HEAPING_EXPECTED * n) / Math.sqrt(n * HEAPING_EXPECTED * (1 - HEAPING_EXPECTED));
  return { n, heaped, share: heaped / n, z };
}

/**
 * Fabrication screening over all village values of one money or tonnage indicator in a district and window.
 * Nigrini's MAD thresholds assume thousands of independent values; a district has hundreds of villages, each
 * reporting every month of the window, so MAD alone drifts past them by chance. A warning therefore needs the
 * deviation to be significant too: χ² (p < 0.001) and the heaping z, each scaled by the design effect
 * villages / values (the months of one village are not independent draws). Otherwise it is said as info.
 */
export function checkFabrication(indicator: string, values: readonly string[], scope: { district: string; window: string }, units = values.length): Finding[] {
  if (values.length < BENFORD_MIN_VALUES) {
    return [{ code: 'NOT_ENOUGH_DATA', severity: 'info', indicator, message: `${values.length} village values of ${indicator} in ${scope.district} ${scope.window}; the digit tests need ${BENFORD_MIN_VALUES}`, evidence: { n: values.length, required: BENFORD_MIN_VALUES, ...scope } }];
  }
  const findings: Finding[] = [];
  const designEffect = Math.min(1, units / values.length);
  const result = benford(values)!;
  const chiSquare = result.chiSquare * designEffect;
  if (result.conformity === 'nonconformity' || result.conformity === 'marginal conformity') {
    const significant = result.conformity === 'nonconformity' && chiSquare > CHI_SQUARE_8DF_P001;
    findings.push({
      code: 'BENFORD_NONCONFORMITY',
      severity: significant ? 'warning' : 'info',
      indicator,
      message: `first digits of ${result.n} village values of ${indicator} in ${scope.district} ${scope.window}: MAD ${round(result.mad, 4)} → ${result.conformity} (Nigrini: ≤0.006 close, ≤0.012 acceptable, ≤0.015 marginal); χ² ${round(chiSquare, 1)} over ${units} villages ${significant ? `> ${CHI_SQUARE_8DF_P001}: not chance` : `≤ ${CHI_SQUARE_8DF_P001}: not distinguishable from chance at this size`}`,
      evidence: {
        ...scope, n: result.n, villages: units, counts: result.counts, observed: result.observed.map((p) => round(p, 4)), expected: BENFORD_EXPECTED.map((p) => round(p, 4)),
        mad: round(result.mad, 6), conformity: result.conformity, chiSquare: round(chiSquare, 4), chiSquareLimit: CHI_SQUARE_8DF_P001, designEffect: round(designEffect, 4),
        formula: 'MAD = Σ|observed(d) − log10(1 + 1/d)| / 9; χ² = Σ(count − n·P(d))² / (n·P(d)) · villages / n',
      },
    });
  }
  const heaping = terminalDigitHeaping(values);
  const z = heaping.z * Math.sqrt(designEffect);
  if (z > HEAPING_Z_LIMIT) {
    findings.push({
      code: 'TERMINAL_DIGIT_HEAPING',
      severity: 'warning',
      indicator,
      message: `${round(heaping.share * 100, 1)} % of ${heaping.n} village values of ${indicator} in ${scope.district} ${scope.window} end in 0 or 5 (expected 20 %, z ${round(z, 2)} over ${units} villages)`,
      evidence: { ...scope, n: heaping.n, villages: units, heaped: heaping.heaped, share: round(heaping.share, 4), expectedShare: HEAPING_EXPECTED, z: round(z, 4), limit: HEAPING_Z_LIMIT, formula: 'z = (heaped − 0.2·n) / sqrt(n·0.2·0.8) · sqrt(villages / n)' },
    });
  }
  return findings;
}
