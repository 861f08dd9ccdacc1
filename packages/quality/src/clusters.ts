/**
 * Proportions estimated from clustered values: a village reports every month of a window, so its months are
 * not independent draws. The variance of p̂ = Σ aⱼ / Σ mⱼ (aⱼ of village j's mⱼ values in a class) is taken
 * from the villages as ultimate clusters drawn with replacement, as R's survey package does for
 * svydesign(ids = ~village): V̂ = C/(C − 1)·Σⱼ (aⱼ − p̂·mⱼ)² / n².
 */
export function clusteredProportionVariance(clusters: readonly { count: number; size: number }[]): number {
  const n = clusters.reduce((s, c) => s + c.size, 0);
  const C = clusters.length;
  if (C < 2 || n === 0) return 0;
  const p = clusters.reduce((s, c) => s + c.count, 0) / n;
  const squares = clusters.reduce((s, c) => s + (c.count - p * c.size) ** 2, 0);
  return ((C / (C - 1)) * squares) / (n * n);
}

/**
 * Rao and Scott's first-order correction of a goodness-of-fit χ² over k classes with null proportions πᵢ
 * (JASA 76, 1981): the mean generalised design effect δ̄ = n/(k − 1)·Σᵢ V̂(p̂ᵢ)/πᵢ, and X²/δ̄ referred to χ² with
 * k − 1 degrees of freedom. δ̄ is 1 for independent values and grows with the villages' internal likeness.
 */
export function raoScottDesignEffect(
  clusters: readonly { counts: readonly number[]; size: number }[],
  nullProportions: readonly number[],
): number {
  const n = clusters.reduce((s, c) => s + c.size, 0);
  const k = nullProportions.length;
  const sum = nullProportions.reduce(
    (s, pi, i) => s + clusteredProportionVariance(clusters.map((c) => ({ count: c.counts[i]!, size: c.size }))) / pi,
    0,
  );
  return (n * sum) / (k - 1);
}
