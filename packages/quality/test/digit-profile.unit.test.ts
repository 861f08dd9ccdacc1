import { describe, expect, it } from 'vitest';
import { digitProfile } from '../src/index.ts';

describe("a district's digit profile, for the quality chart", () => {
  it('counts first digits and terminal 0s and 5s of the village values, against Benford and 20 %', () => {
    const values = ['123', '234', '105', '150', '99', '0', '1.5'].map((value, i) => ({ unit: `v${i % 3}`, value }));
    const profile = digitProfile('SAN_WASTE_COLLECTED', values);
    // First digits 1, 2, 1, 1, 9, 1 (zero has none): by hand.
    expect(profile.firstDigits.counts).toEqual([4, 1, 0, 0, 0, 0, 0, 0, 1]);
    expect(profile.firstDigits.observed[0]).toBeCloseTo(4 / 6, 12);
    // log10(2) and log10(10/9), the textbook proportions of a leading 1 and 9.
    expect(profile.firstDigits.expected[0]).toBeCloseTo(0.30103, 5);
    expect(profile.firstDigits.expected[8]).toBeCloseTo(0.045757, 6);
    expect(profile.firstDigits.enough).toBe(false);
    // Units digits of the values of 100 or more: 3, 4, 5, 0 → two of four end in 0 or 5.
    expect(profile.terminalDigits).toMatchObject({ n: 4, heaped: 2, share: 0.5, expected: 0.2, enough: false });
  });

  it('has nothing to show, without failing, for a district with no values', () => {
    const profile = digitProfile('SAN_WASTE_COLLECTED', []);
    expect(profile.firstDigits).toMatchObject({ n: 0, mad: null, conformity: null });
    expect(profile.terminalDigits).toMatchObject({ n: 0, z: null });
  });
});
