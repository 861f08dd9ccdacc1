import { describe, expect, it } from 'vitest';
import { ppsInclusionProbabilities, ppsSample, sampleSizeForProportion, simpleRandomSample } from '../src/index.ts';

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

describe('probability proportional to size', () => {
  it('πᵢ = n·xᵢ/Σx, capped at 1 with the rest recomputed', () => {
    // sizes 100, 10, 10, 10, 10 and n = 2: 2·100/140 = 1.43 → certain; the other 1 is spread over 40: 0.25 each
    const pi = ppsInclusionProbabilities(
      new Map([
        ['big', 100],
        ['a', 10],
        ['b', 10],
        ['c', 10],
        ['d', 10],
      ]),
      2,
    );
    expect(Object.fromEntries(pi)).toEqual({ big: 1, a: 0.25, b: 0.25, c: 0.25, d: 0.25 });
    expect([...pi.values()].reduce((s, v) => s + v, 0)).toBeCloseTo(2, 10);
    const sample = ppsSample(
      new Map([
        ['big', 100],
        ['a', 10],
        ['b', 10],
        ['c', 10],
        ['d', 10],
      ]),
      2,
      42,
    );
    expect(sample).toHaveLength(2);
    expect(sample).toContain('big');
  });

  it('caps in turn until no π exceeds 1, as R sampling::inclusionprobabilities (test/reference/pps.R)', () => {
    const sizes = new Map([500, 300, 60, 50, 40, 30, 20].map((x, i) => [`u${i}`, x]));
    const expected = [1, 1, 0.6, 0.5, 0.4, 0.3, 0.2];
    [...ppsInclusionProbabilities(sizes, 4).values()].forEach((p, i) => expect(p).toBeCloseTo(expected[i]!, 12));
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
