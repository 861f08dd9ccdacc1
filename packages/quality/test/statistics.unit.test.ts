import { describe, expect, it } from 'vitest';
import { checkOwnHistory, median, modifiedZ } from '../src/index.ts';

describe('modified z-score (Iglewicz–Hoaglin) with the MAD = 0 fallbacks', () => {
  it('uses 0.6745·(x − median)/MAD when MAD > 0', () => {
    // reference 10 12 11 13 9 → median 11; |xᵢ − 11| = 1 1 0 2 2 → MAD = median(0 1 1 2 2) = 1
    // x = 20 → M = 0.6745 · 9 / 1 = 6.0705
    const z = modifiedZ(20, [10, 12, 11, 13, 9]);
    expect(z).toMatchObject({ median: 11, mad: 1, formula: 'M = 0.6745·(x − median)/MAD' });
    expect(z.m).toBeCloseTo(6.0705, 10);
  });

  it('uses 0.7978846482·(x − median)/meanAbsoluteDeviation when MAD = 0', () => {
    // reference 5 5 5 5 9 → median 5; deviations 0 0 0 0 4 → MAD 0, mean absolute deviation 4/5 = 0.8
    // x = 7 → M = 0.7978846482 · 2 / 0.8 = 1.9947116205
    const z = modifiedZ(7, [5, 5, 5, 5, 9]);
    expect(z).toMatchObject({ mad: 0, meanAbsoluteDeviation: 0.8 });
    expect(z.formula).toMatch(/0\.7978846482.*MAD = 0/);
    expect(z.m).toBeCloseTo(1.9947116205, 9);
  });

  it('gives M = 0 when both deviations are 0, and says so', () => {
    const z = modifiedZ(8, [5, 5, 5, 5]);
    expect(z.m).toBe(0);
    expect(z.formula).toBe('M = 0 (MAD = 0 and meanAbsoluteDeviation = 0)');
  });

  it('handles ties: 3 3 4 4 has median 3.5 and MAD 0.5', () => {
    // x = 5 → M = 0.6745 · 1.5 / 0.5 = 2.0235
    expect(median([3, 3, 4, 4])).toBe(3.5);
    const z = modifiedZ(5, [3, 4, 3, 4]);
    expect(z.mad).toBe(0.5);
    expect(z.m).toBeCloseTo(2.0235, 10);
  });
});

describe('outliers against the unit\u2019s own history', () => {
  it('says "not enough history" below 4 points, including none — never a pass', () => {
    expect(checkOwnHistory('SAN_WASTE_COLLECTED', 100, [])).toEqual([expect.objectContaining({ code: 'NOT_ENOUGH_HISTORY', severity: 'info', evidence: { historyPoints: 0, required: 4, indicators: ['SAN_WASTE_COLLECTED'] } })]);
    expect(checkOwnHistory('SAN_WASTE_COLLECTED', 100, [1, 2, 3])[0]!.code).toBe('NOT_ENOUGH_HISTORY');
  });

  it('flags |M| > 3.5 with its evidence, and lets |M| ≤ 3.5 pass', () => {
    // history 100 104 96 102 98 → median 100, deviations 0 4 4 2 2 → MAD 2
    // 106 → M = 0.6745·6/2 = 2.0235 (passes); 111 → M = 0.6745·11/2 = 3.70975 (> 3.5)
    const history = [100, 104, 96, 102, 98];
    expect(checkOwnHistory('X', 106, history)).toEqual([]);
    const [finding] = checkOwnHistory('X', 111, history);
    expect(finding).toMatchObject({ code: 'OUTLIER_OWN_HISTORY', severity: 'warning', indicator: 'X', evidence: { median: 100, mad: 2, m: 3.7098, threshold: 3.5 } });
  });

  it('catches a figure typed in kilograms', () => {
    expect(checkOwnHistory('SAN_WASTE_COLLECTED', 150_000, [148, 152, 149, 155, 151, 147])[0]!.code).toBe('OUTLIER_OWN_HISTORY');
  });
});
