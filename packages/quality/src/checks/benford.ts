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
}

export function benford(values: readonly string[]): BenfordResult | null {
  const digits = values.map(firstDigit).filter((d): d is number => d !== null);
  if (digits.length < BENFORD_MIN_VALUES) return null;
  const counts = Array.from({ length: 9 }, (_, i) => digits.filter((d) => d === i + 1).length);
  const observed = counts.map((c) => c / digits.length);
  const mad = observed.reduce((s, p, i) => s + Math.abs(p - BENFORD_EXPECTED[i]!), 0) / 9;
  const conformity: Conformity = mad <= NIGRINI.close ? 'close conformity' : mad <= NIGRINI.acceptable ? 'acceptable conformity' : mad <= NIGRINI.marginal ? 'marginal conformity' : 'nonconformity';
  return { n: digits.length, counts, observed, mad, conformity };
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

/** Fabrication screening over all village values of one money or tonnage indicator in a district and window. */
export function checkFabrication(indicator: string, values: readonly string[], scope: { district: string; window: string }): Finding[] {
  if (values.length < BENFORD_MIN_VALUES) {
    return [{ code: 'NOT_ENOUGH_DATA', severity: 'info', indicator, message: `${values.length} village values of ${indicator} in ${scope.district} ${scope.window}; the digit tests need ${BENFORD_MIN_VALUES}`, evidence: { n: values.length, required: BENFORD_MIN_VALUES, ...scope } }];
  }
  const findings: Finding[] = [];
  const result = benford(values)!;
  if (result.conformity === 'nonconformity' || result.conformity === 'marginal conformity') {
    findings.push({
      code: 'BENFORD_NONCONFORMITY',
      severity: result.conformity === 'nonconformity' ? 'warning' : 'info',
      indicator,
      message: `first digits of ${result.n} village values of ${indicator} in ${scope.district} ${scope.window}: MAD ${round(result.mad, 4)} → ${result.conformity} (Nigrini: ≤0.006 close, ≤0.012 acceptable, ≤0.015 marginal)`,
      evidence: { ...scope, n: result.n, counts: result.counts, observed: result.observed.map((p) => round(p, 4)), expected: BENFORD_EXPECTED.map((p) => round(p, 4)), mad: round(result.mad, 6), conformity: result.conformity, formula: 'MAD = Σ|observed(d) − log10(1 + 1/d)| / 9' },
    });
  }
  const heaping = terminalDigitHeaping(values);
  if (heaping.z > HEAPING_Z_LIMIT) {
    findings.push({
      code: 'TERMINAL_DIGIT_HEAPING',
      severity: 'warning',
      indicator,
      message: `${round(heaping.share * 100, 1)} % of ${heaping.n} village values of ${indicator} in ${scope.district} ${scope.window} end in 0 or 5 (expected 20 %, z ${round(heaping.z, 2)})`,
      evidence: { ...scope, n: heaping.n, heaped: heaping.heaped, share: round(heaping.share, 4), expectedShare: HEAPING_EXPECTED, z: round(heaping.z, 4), limit: HEAPING_Z_LIMIT, formula: 'z = (heaped − 0.2·n) / sqrt(n·0.2·0.8)' },
    });
  }
  return findings;
}
