import { describe, expect, it } from 'vitest';
import { ratio, sumDecimals } from '../src/decimal.ts';

describe('exact decimal arithmetic', () => {
  it('sums without float drift: 0.1 + 0.2 = 0.3, at the largest scale', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(sumDecimals(['0.1', '0.2'])).toBe('0.3');
    expect(sumDecimals(['1.5', '2.25', '-0.75', '100'])).toBe('103.00');
    expect(sumDecimals([])).toBe('0');
    expect(sumDecimals(['-0.05', '0.01'])).toBe('-0.04');
    // Three scales at once; a negative zero; beyond the 2^53 where floats stop counting units exactly.
    expect(sumDecimals(['1', '0.5', '-0.125', '0.25'])).toBe('1.625');
    expect(sumDecimals(['-0.00', '0'])).toBe('0.00');
    expect(sumDecimals(['90071992547409.93', '0.07', '-0.01'])).toBe('90071992547409.99');
    expect(() => sumDecimals(['1', '1e3'])).toThrow("'1e3' is not a decimal string");
  });

  it('stays exact where a running sum passes 2^53: 20 × 9,999,999,999,999.99 = 199,999,999,999,999.80', () => {
    // Each value fits a double exactly (15 digits); their sum in hundredths (19,999,999,999,999,980) does not.
    expect(sumDecimals(Array.from({ length: 20 }, () => '9999999999999.99'))).toBe('199999999999999.80');
    expect(sumDecimals(['9999999999999999.5', '0.5', '-1'])).toBe('9999999999999999.0');
  });

  it('reads figures of up to fifteen digits digit by digit, and refuses all the pattern refuses', () => {
    // Python's decimal module: sum of these six is 111111110111117.25; the 16-digit one goes the long way.
    expect(sumDecimals(['0', '7', '-0.5', '0.25', '123456789012345', '-12345678901234.5'])).toBe('111111110111117.25');
    expect(sumDecimals(['1234567890123456', '1', '0.001'])).toBe('1234567890123457.001');
    for (const bad of ['007', '00.5', '5.', '.5', '-.5', '-', '', '1.2.3', '+1', ' 1', '--1', '1,5', '１'])
      expect(() => sumDecimals([bad]), bad).toThrow('is not a decimal string');
  });

  it('computes ratios at read time, rounded half away from zero', () => {
    // 305 / 310.2 · 100 = 98.32366...% → 98.3237
    expect(ratio('305', '310.2', 100)).toBe('98.3237');
    // 1 / 8 · 100 = 12.5 exactly; 2/3 · 100 = 66.6666… → 66.6667
    expect(ratio('1', '8', 100, 2)).toBe('12.50');
    expect(ratio('2', '3', 100)).toBe('66.6667');
    // per 10,000 residents: 7 grants / 123,456 persons · 10,000 = 0.567004...
    expect(ratio('7', '123456', 10_000)).toBe('0.5670');
    expect(ratio('1', '0', 100)).toBeNull();
  });
});
