import { describe, expect, it } from 'vitest';
import { lqasRule, neyman, planVerification, ppsInclusionProbabilities, ppsSample, proportional, sampleSizeForProportion, simpleRandomSample, verificationFactor } from '../src/index.ts';

describe('sample size for a proportion', () => {
  it('N = 7,535 villages, e = 0.05, 95 %, p = 0.5 → 366', () => {
    // n₀ = 1.959964² · 0.25 / 0.0025 = 384.1459; n = 384.1459 / (1 + 383.1459 / 7535) = 365.56 → 366
    const size = sampleSizeForProportion(7_535, 0.05, 0.95);
    expect(size.n0).toBeCloseTo(384.1459, 3);
    expect(size.corrected).toBeCloseTo(365.557, 2);
    expect(size.n).toBe(366);
    expect(size.formula).toMatch(/n₀ = z²·p\(1−p\)\/e²/);
  });

  it('never asks for more than the population, and refuses nonsense', () => {
    expect(sampleSizeForProportion(50, 0.01, 0.99).n).toBeLessThanOrEqual(50);
    expect(() => sampleSizeForProportion(100, 5, 0.95)).toThrow(/margin of error/);
    expect(() => sampleSizeForProportion(100, 0.05, 0.97)).toThrow(/confidence 0.97/);
  });
});

describe('allocation across strata', () => {
  it('proportional to size, summing to n: 366 over districts of 1,000, 2,500 and 4,035', () => {
    // exact shares 48.57, 121.43, 196.00 → floors 48, 121, 196 = 365; the largest remainder (0.57) gets the last
    const parts = proportional(366, [{ key: 'a', size: 1_000 }, { key: 'b', size: 2_500 }, { key: 'c', size: 4_035 }]);
    expect(Object.fromEntries(parts)).toEqual({ a: 49, b: 121, c: 196 });
    expect([...parts.values()].reduce((s, v) => s + v, 0)).toBe(366);
  });

  it('by Neyman: weights Nₕ·Sₕ, 100 over (1,000 × 2) and (1,000 × 6) → 25 and 75', () => {
    expect(Object.fromEntries(neyman(100, [{ key: 'low', size: 1_000, stdDev: 2 }, { key: 'high', size: 1_000, stdDev: 6 }]))).toEqual({ low: 25, high: 75 });
  });
});

describe('probability proportional to size', () => {
  it('πᵢ = n·xᵢ/Σx, capped at 1 with the rest recomputed', () => {
    // sizes 100, 10, 10, 10, 10 and n = 2: 2·100/140 = 1.43 → certain; the other 1 is spread over 40: 0.25 each
    const pi = ppsInclusionProbabilities(new Map([['big', 100], ['a', 10], ['b', 10], ['c', 10], ['d', 10]]), 2);
    expect(Object.fromEntries(pi)).toEqual({ big: 1, a: 0.25, b: 0.25, c: 0.25, d: 0.25 });
    expect([...pi.values()].reduce((s, v) => s + v, 0)).toBeCloseTo(2, 10);
    const sample = ppsSample(new Map([['big', 100], ['a', 10], ['b', 10], ['c', 10], ['d', 10]]), 2, 42);
    expect(sample).toHaveLength(2);
    expect(sample).toContain('big');
  });
});

describe('seeded selection', () => {
  const population = Array.from({ length: 7_535 }, (_, i) => `report-${String(i).padStart(5, '0')}`);
  it('draws the same sample for the same seed, whatever the order the population came in', () => {
    const a = simpleRandomSample(population, 366, 20250401);
    const b = simpleRandomSample([...population].reverse(), 366, 20250401);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(366);
    expect(simpleRandomSample(population, 366, 20250402)).not.toEqual(a);
  });
});

describe('LQAS with 19 reports per township', () => {
  it('states a decision rule and its two risks', () => {
    const rule = lqasRule(0.1, 0.4);
    expect(rule.n).toBe(19);
    expect(rule.statement).toBe(`sample 19 reports per township; pass if at most ${rule.d} show a discrepancy`);
    expect(Math.max(rule.alpha, rule.beta)).toBeLessThan(0.1);
  });
});

describe('verification factors', () => {
  it('VF = recounted / reported; a ×1000 typo shows as 0.001', () => {
    expect(verificationFactor(150_000, 150)).toMatchObject({ vf: 0.001, discrepancy: true, direction: 'over-reported' });
    expect(verificationFactor(100, 105)).toMatchObject({ vf: 1.05, discrepancy: false, direction: 'accurate' });
    expect(verificationFactor(100, 120)).toMatchObject({ discrepancy: true, direction: 'under-reported' });
  });

  it('shows errors that cancel in the aggregate', () => {
    // reported 100 and 100, recounted 70 and 130: aggregate VF = 200/200 = 1, yet both reports are off by 30 %
    const plan = planVerification([
      { report: 'r1', indicator: 'X', reported: 100, recounted: 70 },
      { report: 'r2', indicator: 'X', reported: 100, recounted: 130 },
    ]);
    expect(plan).toMatchObject({ aggregateVf: { X: 1 }, reports: 2, discrepantReports: 2, shareOutside: 1 });
  });

  it('keeps indicators apart in the aggregate and counts a report once however many indicators are off', () => {
    // X: (90 + 50) / (100 + 50) = 0.9333; Y: 30 / 10 = 3; r1 is off on Y only, r2 on nothing → 1 of 2 outside
    const plan = planVerification([
      { report: 'r1', indicator: 'X', reported: 100, recounted: 90 },
      { report: 'r1', indicator: 'Y', reported: 10, recounted: 30 },
      { report: 'r2', indicator: 'X', reported: 50, recounted: 50 },
    ]);
    expect(plan.aggregateVf.X).toBeCloseTo(0.93333, 5);
    expect(plan.aggregateVf.Y).toBe(3);
    expect(plan).toMatchObject({ reports: 2, discrepantReports: 1, shareOutside: 0.5 });
  });
});
