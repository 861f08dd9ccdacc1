import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/**
 * Simple random sample of n ids without replacement, from a recorded seed: the population is sorted first,
 * so anyone holding the same population and seed draws the same sample (partial Fisher–Yates).
 */
export function simpleRandomSample(population: readonly string[], n: number, seed: number): string[] {
  const items = [...population].sort();
  const rng = xoroshiro128plus(seed);
  const take = Math.min(n, items.length);
  for (let i = 0; i < take; i++) {
    const j = uniformInt(rng, i, items.length - 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items.slice(0, take).sort();
}

/**
 * Inclusion probabilities for probability proportional to size: πᵢ = n·xᵢ/Σx, capped at 1; units capped are
 * taken with certainty and the rest recomputed over what remains, until no π exceeds 1.
 */
export function ppsInclusionProbabilities(sizes: ReadonlyMap<string, number>, n: number): Map<string, number> {
  const pi = new Map<string, number>();
  let certain = new Set<string>();
  for (;;) {
    const rest = [...sizes].filter(([id]) => !certain.has(id));
    const remaining = n - certain.size;
    const total = rest.reduce((s, [, x]) => s + x, 0);
    const over = rest.filter(([, x]) => total > 0 && (remaining * x) / total >= 1).map(([id]) => id);
    if (over.length === 0 || remaining <= 0) {
      for (const id of certain) pi.set(id, 1);
      for (const [id, x] of rest) pi.set(id, total > 0 && remaining > 0 ? (remaining * x) / total : 0);
      return pi;
    }
    certain = new Set([...certain, ...over]);
  }
}

/** Systematic PPS selection along the cumulated probabilities from a seeded random start (sorted ids). */
export function ppsSample(sizes: ReadonlyMap<string, number>, n: number, seed: number): string[] {
  const pi = ppsInclusionProbabilities(sizes, n);
  const ids = [...pi.keys()].sort();
  const start = uniformFloat64(xoroshiro128plus(seed));
  const chosen: string[] = [];
  let cumulative = 0;
  let next = start;
  for (const id of ids) {
    cumulative += pi.get(id)!;
    while (next < cumulative - 1e-12) {
      if (chosen.at(-1) !== id) chosen.push(id);
      next += 1;
    }
  }
  return chosen;
}
