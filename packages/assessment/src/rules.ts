import type { Rule, SchemeIndicator, Threshold } from './scheme.ts';

/** What a threshold may depend on: the assessed year, a unit's attributes. */
export interface LineContext {
  year: number;
  attribute(name: string): string | undefined;
}

export interface LineScore {
  score: number;
  /** How the score came about, in words and numbers: the line's trail on the scorecard. */
  formula: string;
}

/** Points to two decimals, as a notice prints them. */
export const points = (x: number) => Math.round(x * 100) / 100;

export function thresholdOf(threshold: Threshold, ctx: LineContext): number {
  if (typeof threshold === 'number') return threshold;
  const byAttribute = threshold.attribute ? threshold.values?.[ctx.attribute(threshold.attribute) ?? ''] : undefined;
  return byAttribute ?? threshold.byYear?.[String(ctx.year)] ?? threshold.default;
}

/** A quantitative line's points for a measured value; a line without a value (nothing to measure) scores nothing. */
export function scoreLine(
  indicator: SchemeIndicator & { rule: Rule },
  value: number | null,
  ctx: LineContext,
): LineScore {
  const rule = indicator.rule;
  const full = indicator.points;
  if (rule.type === 'assessed') return { score: 0, formula: 'scored by an assessor' };
  if (value === null) {
    const full = 'whenUnmeasured' in indicator && indicator.whenUnmeasured === 'full';
    return full
      ? { score: indicator.points, formula: 'not measured: full points' }
      : { score: 0, formula: 'no value to score' };
  }
  switch (rule.type) {
    case 'linear': {
      const steps = rule.steps.map(([t, share]) => [thresholdOf(t, ctx), share] as const);
      return {
        score: points(full * interpolate(steps, value)),
        formula: `${full} × linear(${value}; ${steps.map(([v, s]) => `${v}→${s}`).join(', ')})`,
      };
    }
    case 'pass_fail': {
      const t = thresholdOf(rule.threshold, ctx);
      const passed = rule.operator === '>=' ? value >= t : value <= t;
      return { score: passed ? full : 0, formula: `${value} ${rule.operator} ${t}: ${passed ? 'passed' : 'failed'}` };
    }
    case 'deduction': {
      const deducted = Math.min(rule.cap, rule.per * value);
      return {
        score: points(Math.max(0, full - deducted)),
        formula: `${full} − min(${rule.cap}, ${rule.per} × ${value})`,
      };
    }
    case 'bonus':
      return { score: points(Math.min(full, rule.per * value)), formula: `min(${full}, ${rule.per} × ${value})` };
  }
}

/** The share of the points at `value` on a line through the steps, flat before the first and after the last. */
export function interpolate(steps: readonly (readonly [number, number])[], value: number): number {
  const sorted = [...steps].sort((a, b) => a[0] - b[0]);
  if (value <= sorted[0]![0]) return sorted[0]![1];
  for (let i = 1; i < sorted.length; i++) {
    const [x1, y1] = sorted[i]!;
    if (value <= x1) {
      const [x0, y0] = sorted[i - 1]!;
      return x1 === x0 ? y1 : y0 + ((value - x0) / (x1 - x0)) * (y1 - y0);
    }
  }
  return sorted.at(-1)![1];
}

/** Competition ranking: equal totals share a place, the next place skips (1, 2, 2, 4). Higher is better. */
export function competitionRanks(totals: readonly number[]): number[] {
  return totals.map((total) => 1 + totals.filter((other) => other > total).length);
}
