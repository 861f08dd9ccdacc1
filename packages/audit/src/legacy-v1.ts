import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { StratumWeight } from './allocation.ts';
import { ppsInclusionProbabilities, systematic } from './selection.ts';

/**
 * How plans recorded before selection version 2 were drawn, kept only so that they still replay identically:
 * the plan's seed itself seeded the generator of a simple random or PPS sample (whose start then hardly
 * depended on it), PPS ran along the sorted ids, and allocation dealt the rest round-robin after capping.
 */
export const selectionV1 = {
  generatorSeed: (seed: number) => seed,

  ppsSample(sizes: ReadonlyMap<string, number>, n: number, seed: number): string[] {
    const pi = ppsInclusionProbabilities(sizes, n);
    return systematic([...pi.keys()].sort(), pi, uniformFloat64(xoroshiro128plus(seed)));
  },

  allocate(n: number, strata: readonly StratumWeight[]): Map<string, number> {
    const total = strata.reduce((s, h) => s + h.weight, 0);
    if (total <= 0) throw new Error('the strata have no weight');
    const target = Math.min(
      n,
      strata.reduce((s, h) => s + h.size, 0),
    );
    const exact = strata.map((h) => ({ ...h, exact: (target * h.weight) / total }));
    const result = new Map(exact.map((h) => [h.key, Math.min(h.size, Math.floor(h.exact))]));
    let left = target - [...result.values()].reduce((s, v) => s + v, 0);
    const order = [...exact].sort((a, b) => b.exact - Math.floor(b.exact) - (a.exact - Math.floor(a.exact)));
    for (let moved = true; left > 0 && moved;) {
      moved = false;
      for (const h of order) {
        if (left > 0 && result.get(h.key)! < h.size) {
          result.set(h.key, result.get(h.key)! + 1);
          left--;
          moved = true;
        }
      }
    }
    return result;
  },
};
