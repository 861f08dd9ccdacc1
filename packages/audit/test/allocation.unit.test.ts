import { describe, expect, it } from 'vitest';
import { allocate, neyman, proportional } from '../src/index.ts';

/** V(Ŷ) = Σ Nₕ²(1 − nₕ/Nₕ)·Sₕ²/nₕ, the variance of the estimated total (Cochran 1977, eq. 5.6). */
const varianceOfTotal = (strata: { size: number; stdDev: number }[], n: number[]) =>
  strata.reduce((s, h, i) => s + (h.size ** 2 * (1 - n[i]! / h.size) * h.stdDev ** 2) / n[i]!, 0);
const parts = (allocation: ReturnType<typeof allocate>) => [...allocation.sizes.values()];

describe('proportional allocation', () => {
  it('splits 366 over districts of 1,000, 2,500 and 4,035 by largest remainder', () => {
    // exact shares 48.57, 121.43, 196.00 → floors 48, 121, 196 = 365; the largest remainder (0.57) gets the last
    expect(
      parts(
        proportional(366, [
          { key: 'a', size: 1_000 },
          { key: 'b', size: 2_500 },
          { key: 'c', size: 4_035 },
        ]),
      ),
    ).toEqual([49, 121, 196]);
  });

  it('gives a small stratum 2, so that its variance can be estimated, and takes them from the others', () => {
    // shares of 20 over 3, 400 and 597: 0.06, 8.0, 11.94 → 2 for the small one, then 18 over 400 and 597
    expect(
      parts(
        proportional(20, [
          { key: 'a', size: 3 },
          { key: 'b', size: 400 },
          { key: 'c', size: 597 },
        ]),
      ),
    ).toEqual([2, 7, 11]);
  });

  it('says why when n is too small to give every stratum 2', () => {
    const result = proportional(3, [
      { key: 'a', size: 10 },
      { key: 'b', size: 10 },
      { key: 'c', size: 10 },
    ]);
    expect(parts(result).reduce((s, v) => s + v, 0)).toBe(3);
    expect(result.minimum).toBe(0);
    expect(result.notes[0]).toMatch(/n = 3 is less than 2 for each of the 3 strata/);
  });
});

describe('Neyman allocation, nₕ ∝ Nₕ·Sₕ, re-allocated after capping (Cochran 1977, §5.8)', () => {
  it('100 over (1,000 × 2) and (1,000 × 6) → 25 and 75', () => {
    expect(
      parts(
        neyman(100, [
          { key: 'low', size: 1_000, stdDev: 2 },
          { key: 'high', size: 1_000, stdDev: 6 },
        ]),
      ),
    ).toEqual([25, 75]);
  });

  // Expected allocations and variances: the least-variance integer allocation over all within bounds,
  // found by enumeration in R 4.2.2 (test/reference/allocation.R).
  it('A (5 × 100), B (100 × 1), C (100 × 3), n = 50: A takes all 5, the other 45 go 11 / 34 (V 2,556.15, not 2,802.52)', () => {
    const strata = [
      { key: 'A', size: 5, stdDev: 100 },
      { key: 'B', size: 100, stdDev: 1 },
      { key: 'C', size: 100, stdDev: 3 },
    ];
    const result = neyman(50, strata);
    expect(parts(result)).toEqual([5, 11, 34]);
    expect(result.takeAll).toEqual(['A']);
    expect(varianceOfTotal(strata, parts(result))).toBeCloseTo(2556.15, 2);
    expect(varianceOfTotal(strata, [5, 17, 28])).toBeCloseTo(2802.521, 2);
  });

  it('a stratum without spread still gets 2: D (30 × 0), E (60 × 4), F (90 × 2), n = 20 → 2 / 10 / 8 (V 8,490)', () => {
    const strata = [
      { key: 'D', size: 30, stdDev: 0 },
      { key: 'E', size: 60, stdDev: 4 },
      { key: 'F', size: 90, stdDev: 2 },
    ];
    const result = neyman(20, strata);
    expect(parts(result)).toEqual([2, 10, 8]);
    expect(varianceOfTotal(strata, parts(result))).toBeCloseTo(8490, 6);
  });

  it('caps two strata and re-allocates twice: G (3 × 50), H (4 × 40), I (200 × 2), J (300 × 1), n = 30 → 3 / 4 / 13 / 10', () => {
    const strata = [
      { key: 'G', size: 3, stdDev: 50 },
      { key: 'H', size: 4, stdDev: 40 },
      { key: 'I', size: 200, stdDev: 2 },
      { key: 'J', size: 300, stdDev: 1 },
    ];
    const result = neyman(30, strata);
    expect(parts(result)).toEqual([3, 4, 13, 10]);
    expect(varianceOfTotal(strata, parts(result))).toBeCloseTo(20207.69, 2);
  });
});
