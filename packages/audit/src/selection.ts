import { createHash } from 'node:crypto';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

type Generator = ReturnType<typeof xoroshiro128plus>;

/**
 * The seed of one draw of a plan: the first 31 bits of sha256(`${seed}:${purpose}`). xoroshiro128+ seeded with
 * consecutive small integers starts with nearly equal outputs, so a seed is never used as a generator's state
 * directly: hashed, seeds 7 and 8 give unrelated draws, and each stratum or township draws independently.
 */
export function derivedSeed(seed: number, purpose: string): number {
  return createHash('sha256').update(`${seed}:${purpose}`).digest().readUInt32BE(0) & 0x7fffffff;
}

/**
 * Simple random sample of n ids without replacement from a generator's seed: the population is sorted first,
 * so anyone holding the same population and seed draws the same sample (partial Fisher–Yates).
 */
export function simpleRandomSample(population: readonly string[], n: number, generatorSeed: number): string[] {
  const items = [...population].sort();
  return shuffleFront(items, Math.min(n, items.length), xoroshiro128plus(generatorSeed)).slice(0, n).sort();
}

/** Partial Fisher–Yates: the first `take` items become a uniformly random selection, in random order. */
function shuffleFront<T>(items: T[], take: number, rng: Generator): T[] {
  for (let i = 0; i < take; i++) {
    const j = uniformInt(rng, i, items.length - 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
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

/**
 * Randomised systematic PPS (Goodman & Kish 1950; Hartley & Rao 1962): the units are put in a random order,
 * their inclusion probabilities laid end to end, and every point start, start + 1, … picks the unit it falls
 * on. Each unit is drawn with exactly its πᵢ, and the random order gives every pair a chance to be drawn
 * together (a fixed order would tie neighbours' fates). Order and start come from the generator's seed.
 */
export function ppsSample(sizes: ReadonlyMap<string, number>, n: number, generatorSeed: number): string[] {
  const pi = ppsInclusionProbabilities(sizes, n);
  const rng = xoroshiro128plus(generatorSeed);
  const ids = [...pi.keys()].sort();
  return systematic(shuffleFront(ids, ids.length, rng), pi, uniformFloat64(rng)).sort();
}

/** The units hit by the points start, start + 1, … along the cumulated probabilities, in the given order. */
export function systematic(ids: readonly string[], pi: ReadonlyMap<string, number>, start: number): string[] {
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
