import { describe, expect, it } from 'vitest';
import { checkOwnHistory, median, modifiedZ, modifiedZAgainstOthers } from '../src/index.ts';

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

describe('modified z-score of every sibling against the others', () => {
  it('gives, from one sort, what modifiedZ gives against the others one by one (300 random groups, ties and zeros)', () => {
    let s = 7;
    const r = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let t = 0; t < 300; t++) {
      const n = 2 + Math.floor(r() * 40);
      const values = Array.from({ length: n }, () => (r() < 0.3 ? Math.floor(r() * 5) : r() * 100));
      const fast = modifiedZAgainstOthers(values);
      values.forEach((x, i) => {
        const slow = modifiedZ(
          x,
          values.filter((_, j) => j !== i),
        );
        expect(fast[i]!.median).toBeCloseTo(slow.median, 9);
        expect(fast[i]!.mad).toBeCloseTo(slow.mad, 9);
        expect(fast[i]!.meanAbsoluteDeviation).toBeCloseTo(slow.meanAbsoluteDeviation, 9);
        expect(fast[i]!.m).toBeCloseTo(slow.m, 6);
        expect(fast[i]!.formula).toBe(slow.formula);
      });
    }
  });
});

describe('outliers against the unit\u2019s own history', () => {
  /** A monthly series: `history[0]` is last month, `history[11]` the same month last year. */
  const monthly = (history: (number | undefined)[], counts = false) => ({
    earlier: [undefined, ...history],
    periodsPerYear: 12,
    counts,
  });
  const flat = [100, 98, 102, 101, 99, 100, 103, 97, 100, 101, 99, 100];

  it('says "not enough history" below 4 points, including none — never a pass', () => {
    expect(checkOwnHistory('SAN_WASTE_COLLECTED', 100, monthly([]))).toEqual([
      expect.objectContaining({
        code: 'NOT_ENOUGH_HISTORY',
        severity: 'info',
        evidence: { historyPoints: 0, required: 4, indicators: ['SAN_WASTE_COLLECTED'] },
      }),
    ]);
    expect(checkOwnHistory('SAN_WASTE_COLLECTED', 100, monthly([1, 2, 3]))[0]!.code).toBe('NOT_ENOUGH_HISTORY');
  });

  it('flags a departure from a constant history: twelve 148 t, then 150,000 (typed in kilograms)', () => {
    // MAD = 0 and mean absolute deviation = 0: the spread is the floor, 5 % of 148 = 7.4; M = (150000 − 148) / 7.4
    const [finding] = checkOwnHistory('X', 150_000, monthly(Array(12).fill(148)));
    expect(finding).toMatchObject({
      code: 'OUTLIER_OWN_HISTORY',
      severity: 'warning',
      evidence: expect.objectContaining({ grade: 'extreme', m: 20250.2703 }),
    });
    // … but not 150 t: 2 / 7.4 = 0.27
    expect(checkOwnHistory('X', 150, monthly(Array(12).fill(148)))).toEqual([]);
  });

  it('flags any figure after twelve zeros as extreme, and says why', () => {
    const [finding] = checkOwnHistory('X', 900, monthly(Array(12).fill(0)));
    expect(finding).toMatchObject({
      severity: 'warning',
      evidence: expect.objectContaining({ grade: 'extreme', m: null }),
    });
    expect(finding!.message).toMatch(/after a history of zeros/);
  });

  it('grades |M| above 3.5 moderate (info) and above 5 extreme (warning)', () => {
    // flat: median 100, |deviations| 0 2 2 1 1 0 3 3 0 1 1 0 → MAD 1, σ = 1/0.6745 = 1.48; the floor 5 % of 100 = 5 wins
    expect(checkOwnHistory('X', 117, monthly(flat))).toEqual([]); // M = 17 / 5 = 3.4
    expect(checkOwnHistory('X', 120, monthly(flat))[0]).toMatchObject({
      severity: 'info',
      evidence: expect.objectContaining({ grade: 'moderate', m: 4 }),
    });
    expect(checkOwnHistory('X', 130, monthly(flat))[0]).toMatchObject({
      severity: 'warning',
      evidence: expect.objectContaining({ grade: 'extreme', m: 6 }),
    });
  });

  it('compares a seasonal peak with the same month last year, not with the usual level', () => {
    // last year this month was 130 against a usual 100: 132 is M (132 − 100)/5 = 6.4 from the level but 2/6.5 = 0.31
    // from last year (growth unknown, 1), so it is no outlier; 200 is far from both.
    const peak = [...flat.slice(0, 11), 130];
    expect(checkOwnHistory('X', 132, monthly(peak))).toEqual([]);
    const [finding] = checkOwnHistory('X', 200, monthly(peak));
    expect(finding!.evidence.expectations).toEqual([
      expect.objectContaining({ basis: 'median of the earlier periods', expected: 100, m: 20 }),
      expect.objectContaining({
        basis: 'same period last year × recent growth',
        expected: 130,
        samePeriodLastYear: 130,
        growth: 1,
        m: 10.7692,
      }),
    ]);
  });

  it('grows last year\u2019s figure by the unit\u2019s recent year-on-year growth', () => {
    // the last three months stand 20 % above the same months a year before: this month is expected at 1.2 × 100
    const series = {
      earlier: [undefined, 120, 120, 120, ...Array(8).fill(100), 100, 100, 100, 100],
      periodsPerYear: 12,
      counts: false,
    };
    expect(checkOwnHistory('X', 121, series)).toEqual([]);
  });

  it('only says an extreme outlier of a short history (fewer than 8 points)', () => {
    const [finding] = checkOwnHistory('X', 300, monthly([100, 104, 96, 102, 98]));
    expect(finding).toMatchObject({ severity: 'info', evidence: expect.objectContaining({ grade: 'extreme' }) });
    expect(finding!.message).toMatch(/said, not warned: 5 earlier periods, 8 needed/);
  });

  it('lets a count vary as a Poisson count does: 9 inventions after a run of 4s is within √4 · 3.5 + 4 = 11', () => {
    expect(checkOwnHistory('PAT_INVENTION_GRANTS', 9, monthly(Array(12).fill(4), true))).toEqual([]);
    expect(checkOwnHistory('PAT_INVENTION_GRANTS', 9, monthly(Array(12).fill(4), false))[0]!.severity).toBe('warning');
  });
});
