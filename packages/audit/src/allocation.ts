/** A stratum to allocate to: its population size and its weight (Nₕ for proportional, Nₕ·Sₕ for Neyman). */
export interface StratumWeight {
  key: string;
  size: number;
  weight: number;
}

export interface Allocation {
  sizes: Map<string, number>;
  /** 2 where every stratum could be given min(Nₕ, 2), so each gives a variance estimate; else 0. */
  minimum: number;
  /** Strata that take all their reports because their share exceeded their size. */
  takeAll: string[];
  notes: string[];
}

/** Below two reports a stratum gives no variance estimate, and the plan's precision could not be stated. */
export const STRATUM_MINIMUM = 2;

/**
 * Splits n over strata in proportion to their weights, within bounds: a stratum whose share exceeds its size
 * takes all its reports and the rest is re-allocated over the others in proportion to their weights, as often
 * as needed (Cochran, Sampling Techniques, 1977, §5.8); every stratum gets at least min(Nₕ, 2). The continuous
 * optimum is nₕ = clamp(R·wₕ, lowerₕ, Nₕ) for the R at which the parts sum to n; the integers are its floors
 * plus one more for the largest remainders, ties to the stratum listed first, so the result is deterministic.
 */
export function allocate(n: number, strata: readonly StratumWeight[]): Allocation {
  if (strata.length === 0) throw new Error('there are no strata to allocate to');
  const capacity = strata.reduce((s, h) => s + h.size, 0);
  const target = Math.min(n, capacity);
  const notes: string[] = [];
  let lower = strata.map((h) => Math.min(h.size, STRATUM_MINIMUM));
  if (lower.reduce((s, l) => s + l, 0) > target) {
    notes.push(
      `n = ${target} is less than ${STRATUM_MINIMUM} for each of the ${strata.length} strata: no minimum per stratum, so a stratum with fewer than ${STRATUM_MINIMUM} sampled reports gives no variance estimate`,
    );
    lower = strata.map(() => 0);
  }
  if (strata.every((h) => h.weight <= 0) && lower.every((l) => l === 0)) throw new Error('the strata have no weight');
  const exact = boundedShares(target, strata, lower);
  const sizes = new Map(strata.map((h, i) => [h.key, Math.floor(exact[i]! + 1e-9)]));
  let left = target - [...sizes.values()].reduce((s, v) => s + v, 0);
  const byRemainder = strata
    .map((h, i) => ({ h, remainder: exact[i]! - sizes.get(h.key)! }))
    .sort((a, b) => b.remainder - a.remainder);
  for (const { h } of byRemainder) {
    if (left === 0) break;
    if (sizes.get(h.key)! < h.size) {
      sizes.set(h.key, sizes.get(h.key)! + 1);
      left--;
    }
  }
  const takeAll = strata
    .filter((h) => h.size > 0 && sizes.get(h.key) === h.size && h.size > STRATUM_MINIMUM)
    .map((h) => h.key);
  return { sizes, minimum: lower.some((l) => l > 0) ? STRATUM_MINIMUM : 0, takeAll, notes };
}

/**
 * The real-valued shares clamp(R·wₕ, lowerₕ, Nₕ) summing to `target`. Their sum grows with R piecewise
 * linearly, bending where a stratum reaches a bound; the piece that holds `target` is found among the bends.
 */
function boundedShares(target: number, strata: readonly StratumWeight[], lower: readonly number[]): number[] {
  const share = (R: number) => strata.map((h, i) => Math.min(h.size, Math.max(lower[i]!, R * h.weight)));
  const total = (R: number) => share(R).reduce((s, x) => s + x, 0);
  const bends = [0, ...strata.flatMap((h, i) => (h.weight > 0 ? [lower[i]! / h.weight, h.size / h.weight] : []))].sort(
    (a, b) => a - b,
  );
  let from = 0;
  for (const R of bends) {
    if (total(R) >= target) break;
    from = R;
  }
  // Within the piece starting at `from`, the strata strictly inside their bounds grow as R·wₕ.
  const inside = strata.filter((h, i) => h.weight > 0 && from * h.weight >= lower[i]! && from * h.weight < h.size);
  const slope = inside.reduce((s, h) => s + h.weight, 0);
  const R = slope > 0 ? from + (target - total(from)) / slope : from;
  return share(R);
}

export const proportional = (n: number, strata: readonly { key: string; size: number }[]) =>
  allocate(
    n,
    strata.map((h) => ({ ...h, weight: h.size })),
  );

export const neyman = (n: number, strata: readonly { key: string; size: number; stdDev: number }[]) =>
  allocate(
    n,
    strata.map((h) => ({ ...h, weight: h.size * h.stdDev })),
  );
