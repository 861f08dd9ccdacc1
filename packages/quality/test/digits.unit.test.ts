import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BENFORD_EXPECTED,
  benford,
  checkFabrication,
  expectedMadUnderBenford,
  spanInDecades,
  terminalDigit,
  terminalDigitHeaping,
  type VillageValue,
} from '../src/index.ts';

/** 80 villages × 3 months, clustered by village (test/reference/villages.py). */
const villages: VillageValue[] = readFileSync(new URL('./reference/villages.csv', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [unit, value] = line.split(',');
    return { unit: unit!, value: value! };
  });
const scope = { district: '110101000000', window: '2025-Q1' };

describe('the first-digit test against Benford’s law', () => {
  it('expects by chance a MAD of 0.0192 at 150 values and 0.0136 at 300 (scipy: exact binomial sums, test/reference/benford_mad.py)', () => {
    expect(expectedMadUnderBenford(50)).toBeCloseTo(0.033224, 4);
    expect(expectedMadUnderBenford(150)).toBeCloseTo(0.019185, 4);
    expect(expectedMadUnderBenford(300)).toBeCloseTo(0.013566, 4);
    expect(expectedMadUnderBenford(1000)).toBeCloseTo(0.007424, 5);
    expect(BENFORD_EXPECTED[0]).toBeCloseTo(0.30103, 5);
  });

  it('corrects χ² for the villages as clusters: X² 4.594, δ̄ 2.1222, p 0.9755 (R survey 4.1-1, test/reference/digits.R)', () => {
    const result = benford(villages);
    expect(result.n).toBe(240);
    expect(result.villages).toBe(80);
    expect(result.chiSquare).toBeCloseTo(4.59417928186, 8);
    // svygofchisq on the same design: scale 2.4723 × df 6.8673 / 8 = 2.1222, the mean generalised design effect
    expect(result.designEffect).toBeCloseTo(2.12224106693, 8);
    expect(result.chiSquareAdjusted).toBeCloseTo(2.16477729766, 8);
    expect(result.pValue).toBeCloseTo(0.975538894299, 8);
    expect(result.mad).toBeCloseTo(0.0108400674502, 10);
  });

  it('judges MAD beyond what chance gives at this size: honest figures at n = 240 are not "nonconformity"', () => {
    const result = benford(villages);
    // Nigrini's limits alone would call 0.0108 "acceptable"; the excess over chance at n/δ̄ = 113 is nothing
    expect(result.expectedMad).toBeCloseTo(expectedMadUnderBenford(240 / 2.12224106693), 10);
    expect(result.excessMad).toBe(0);
    expect(result.conformity).toBe('close conformity');
    expect(checkFabrication('X', villages, scope).filter((f) => f.code === 'BENFORD_NONCONFORMITY')).toEqual([]);
  });

  it('warns when the deviation is both beyond chance and significant: 50 values all starting with 1', () => {
    // MAD = (0.69897 + 0.69897) / 9 = 0.155327; χ² = (50 − 15.05)²/15.05 + Σ_{d≥2} 50·P(d) = 116.1 on independent villages
    const ones = Array.from({ length: 50 }, (_, k) => ({ unit: `v${k}`, value: `1${k % 10}${'0'.repeat(k % 4)}.5` }));
    const [finding] = checkFabrication('X', ones, scope).filter((f) => f.code === 'BENFORD_NONCONFORMITY');
    expect(finding).toMatchObject({
      severity: 'warning',
      evidence: expect.objectContaining({ mad: 0.155327, conformity: 'nonconformity', designEffect: 1 }),
    });
    expect(finding!.evidence.chiSquare as number).toBeCloseTo(116.1, 1);
  });

  it('says "not enough data" for a zero-heavy district: 60 values, 45 of them 0, and does not throw', () => {
    const values = [...Array.from({ length: 45 }, (_, k) => ({ unit: `z${k}`, value: '0' })), ...villages.slice(0, 15)];
    const findings = checkFabrication('X', values, scope);
    expect(findings).toEqual([
      expect.objectContaining({
        code: 'NOT_ENOUGH_DATA',
        severity: 'info',
        evidence: expect.objectContaining({ n: 60, nonZero: 15, required: 50 }),
      }),
    ]);
  });

  it('does not apply the law to figures spanning less than two orders of magnitude, and says why', () => {
    // 100 … 999 tonnes: one order of magnitude; uniform first digits there are no sign of invention
    const narrow = Array.from({ length: 90 }, (_, k) => ({ unit: `n${k % 30}`, value: `${100 + k * 10}` }));
    expect(spanInDecades(narrow.map((v) => Number(v.value)))).toBeLessThan(1);
    expect(checkFabrication('X', narrow, scope)).toContainEqual(
      expect.objectContaining({ code: 'BENFORD_NOT_APPLICABLE', severity: 'info' }),
    );
    // the villages' span, P1 8.022 to P99 4687.2227 (R quantile type 7): 2.7666 decades
    expect(spanInDecades(villages.map((v) => Number(v.value)))).toBeCloseTo(2.76663293063, 8);
  });
});

describe('terminal digits', () => {
  it('reads the units digit of the whole part, of values of 100 or more only', () => {
    expect(terminalDigit('123.00')).toBe(3); // formatting zeros are not rounding
    expect(terminalDigit('120.47')).toBe(0);
    expect(terminalDigit('0')).toBeNull(); // an exact zero
    expect(terminalDigit('95')).toBeNull(); // a second digit: Benford makes it 0 or 5 in 21.6 %
    expect(terminalDigit('1005')).toBe(5);
  });

  it('takes its standard error from the villages: share 0.3310, z 2.2272 (R survey svymean, test/reference/digits.R)', () => {
    const heaping = terminalDigitHeaping(villages);
    expect(heaping.n).toBe(142);
    expect(heaping.share).toBeCloseTo(0.330985915493, 10);
    expect(heaping.z).toBeCloseTo(2.22718670633, 8);
    // z 2.23 ≤ 3: every fourth village rounding is not yet beyond chance with 142 values in 80 villages
    expect(checkFabrication('X', villages, scope).map((f) => f.code)).not.toContain('TERMINAL_DIGIT_HEAPING');
  });

  it('does not count zeros as heaped: an honest district with 30 % zeros raises no heaping', () => {
    const values = [...Array.from({ length: 100 }, (_, k) => ({ unit: `z${k}`, value: '0' })), ...villages];
    expect(checkFabrication('X', values, scope).map((f) => f.code)).not.toContain('TERMINAL_DIGIT_HEAPING');
  });

  it('flags invented round figures: 60 villages whose 180 values of 100 t or more all end in 0 or 5', () => {
    const rounded = Array.from({ length: 180 }, (_, k) => ({
      unit: `r${k % 60}`,
      value: `${(20 + ((k * 37) % 180)) * 5}.00`,
    }));
    const [finding] = checkFabrication('X', rounded, scope).filter((f) => f.code === 'TERMINAL_DIGIT_HEAPING');
    expect(finding).toMatchObject({
      severity: 'warning',
      evidence: expect.objectContaining({ n: 180, heaped: 180, share: 1 }),
    });
  });
});
