import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export interface Random {
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  int(lo: number, hi: number): number;
  chance(p: number): boolean;
  /** Log-normal with the given median: wide, skewed magnitudes like real village figures (and Benford-conforming). */
  logNormal(median: number, sigma: number): number;
  pick<T>(items: readonly T[]): T;
}

/** Every random choice of the demo flows from one recorded seed, so a run can be reproduced exactly. */
export function seededRandom(seed: number): Random {
  const rng = xoroshiro128plus(seed);
  const unit = () => uniformFloat64(rng);
  const normal = () => {
    // Box–Muller; 1 - u keeps the logarithm's argument in (0, 1].
    const u = 1 - unit();
    const v = unit();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return {
    uniform: (lo, hi) => lo + (hi - lo) * unit(),
    int: (lo, hi) => uniformInt(rng, lo, hi),
    chance: (p) => unit() < p,
    logNormal: (median, sigma) => median * Math.exp(sigma * normal()),
    pick: (items) => items[uniformInt(rng, 0, items.length - 1)]!,
  };
}
