/**
 * Splits n over strata in proportion to weights (Nₕ for proportional allocation, Nₕ·Sₕ for Neyman), by the
 * largest-remainder method so the parts sum to exactly n, never above a stratum's size. Ties go to the
 * stratum listed first, so the allocation is deterministic.
 */
export function allocate(n: number, strata: { key: string; size: number; weight: number }[]): Map<string, number> {
  const total = strata.reduce((s, h) => s + h.weight, 0);
  if (total <= 0) throw new Error('the strata have no weight');
  const capacity = strata.reduce((s, h) => s + h.size, 0);
  const target = Math.min(n, capacity);
  const exact = strata.map((h) => ({ ...h, exact: (target * h.weight) / total }));
  const result = new Map(exact.map((h) => [h.key, Math.min(h.size, Math.floor(h.exact))]));
  let left = target - [...result.values()].reduce((s, v) => s + v, 0);
  const order = [...exact].sort((a, b) => b.exact - Math.floor(b.exact) - (a.exact - Math.floor(a.exact)));
  while (left > 0) {
    let moved = false;
    for (const h of order) {
      if (left === 0) break;
      if (result.get(h.key)! < h.size) {
        result.set(h.key, result.get(h.key)! + 1);
        left--;
        moved = true;
      }
    }
    if (!moved) break;
  }
  return result;
}

export const proportional = (n: number, strata: { key: string; size: number }[]) => allocate(n, strata.map((h) => ({ ...h, weight: h.size })));

export const neyman = (n: number, strata: { key: string; size: number; stdDev: number }[]) => allocate(n, strata.map((h) => ({ ...h, weight: h.size * h.stdDev })));
