import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { Decimal, fixedDecimal } from '@statledger/domain';

export const VF_LOWER = 0.9;
export const VF_UPPER = 1.1;
export const CONFIDENCE = 0.95;

/** VF = recounted / reported: below 1 over-reporting, above 1 under-reporting; outside [0.9, 1.1] a discrepancy. */
export function verificationFactor(reported: string, recounted: string) {
  const x = new Decimal(reported);
  const y = new Decimal(recounted);
  if (x.isZero())
    return { vf: null, discrepancy: !y.isZero(), direction: y.isZero() ? ('accurate' as const) : ('unknown' as const) };
  const vf = y.div(x);
  const discrepancy = vf.lt(VF_LOWER) || vf.gt(VF_UPPER);
  return {
    vf: fixedDecimal(vf, 4),
    discrepancy,
    direction: !discrepancy
      ? ('accurate' as const)
      : vf.lt(1)
        ? ('over-reported' as const)
        : ('under-reported' as const),
  };
}

/** One recounted indicator of one sampled report, with where the report stood in the design. */
export interface Recount {
  report: string;
  indicator: string;
  reported: string;
  recounted: string;
}

/** How a report was drawn: its stratum ('' for none) and inclusion probability. */
export interface DrawnAs {
  stratum: string;
  inclusionProbability: number;
}

/**
 * The design as the estimator needs it. `withoutReplacement`: reports were drawn by simple random sampling
 * within their strata, so each stratum's variance takes the finite-population correction 1 − nₕ/Nₕ = 1 − π;
 * PPS is estimated with the with-replacement approximation (no correction), its certainty units apart.
 */
export interface DesignOfPlan {
  drawnAs: ReadonlyMap<string, DrawnAs>;
  withoutReplacement: boolean;
}

export interface RatioEstimate {
  /** Σ w·y / Σ w·x to 4 decimals, w = 1/π; null where Σ w·x is 0. */
  estimate: string | null;
  standardError: string | null;
  /** 95 % interval, normal approximation; null below two reports. */
  interval: [string, string] | null;
  reports: number;
}

/**
 * Per plan, with design weights w = 1/π: for each indicator the aggregate VF as the ratio estimator
 * Σ w·recounted / Σ w·reported, and the share of recounted reports with any indicator outside ±10 % as
 * Σ w·outside / Σ w — the aggregate alone hides errors that cancel out. A self-weighting design (equal π)
 * gives the plain Σ recounted / Σ reported. Standard errors by linearisation (Taylor), as R's survey::svyratio.
 */
export function planVerification(recounts: readonly Recount[], design: DesignOfPlan) {
  const byIndicator = new Map<string, Recount[]>();
  const outside = new Map<string, boolean>();
  for (const r of recounts) {
    (byIndicator.get(r.indicator) ?? byIndicator.set(r.indicator, []).get(r.indicator)!).push(r);
    outside.set(r.report, (outside.get(r.report) ?? false) || verificationFactor(r.reported, r.recounted).discrepancy);
  }
  const indicators = [...byIndicator.keys()].sort();
  const estimates = Object.fromEntries(
    indicators.map((i) => [
      i,
      ratioEstimate(
        byIndicator.get(i)!.map((r) => ({ report: r.report, y: r.recounted, x: r.reported })),
        design,
      ),
    ]),
  );
  const share = ratioEstimate(
    [...outside].map(([report, off]) => ({ report, y: off ? '1' : '0', x: '1' })),
    design,
  );
  const probabilities = [...design.drawnAs.values()].map((d) => d.inclusionProbability);
  return {
    aggregateVf: Object.fromEntries(indicators.map((i) => [i, estimates[i]!.estimate])),
    byIndicator: estimates,
    reports: outside.size,
    discrepantReports: [...outside.values()].filter(Boolean).length,
    shareOutside: share.estimate,
    shareOutsideInterval:
      share.interval &&
      ([
        fixedDecimal(Decimal.max(0, share.interval[0]), 4),
        fixedDecimal(Decimal.min(1, share.interval[1]), 4),
      ] as const),
    selfWeighting: probabilities.every((p) => p === probabilities[0]),
    formula:
      'aggregate VF per indicator = Σ w·recounted / Σ w·reported; share outside = Σ w·[any VF outside [0.9, 1.1]] / Σ w; w = 1/π; ' +
      `${CONFIDENCE * 100} % interval = estimate ± z·SE, SE² = Σₕ (1 − fₕ)·nₕ/(nₕ − 1)·Σᵢ (zᵢ − z̄ₕ)², zᵢ = wᵢ(yᵢ − R·xᵢ) / Σ w·x`,
  };
}

/**
 * R = Σ w·y / Σ w·x with its linearised variance: zᵢ = wᵢ·(yᵢ − R·xᵢ) / X̂ and
 * V = Σₕ (1 − fₕ)·nₕ/(nₕ − 1)·Σ (zᵢ − z̄ₕ)². Units drawn with certainty (π = 1) add no variance; a stratum
 * with a single recount adds none either (R's survey.lonely.psu = "remove").
 */
function ratioEstimate(rows: readonly { report: string; y: string; x: string }[], design: DesignOfPlan): RatioEstimate {
  const weighted = rows.map((r) => {
    const drawn = design.drawnAs.get(r.report);
    if (!drawn) throw new Error(`${r.report} is not in the plan's sample`);
    const pi = new Decimal(drawn.inclusionProbability);
    const certain = pi.gte(1);
    return {
      w: new Decimal(1).div(pi),
      y: new Decimal(r.y),
      x: new Decimal(r.x),
      stratum: certain ? '\u0000certain' : drawn.stratum,
      f: certain ? new Decimal(1) : design.withoutReplacement ? pi : new Decimal(0),
    };
  });
  const X = weighted.reduce((s, r) => s.plus(r.w.times(r.x)), new Decimal(0));
  if (X.isZero()) return { estimate: null, standardError: null, interval: null, reports: rows.length };
  const R = weighted.reduce((s, r) => s.plus(r.w.times(r.y)), new Decimal(0)).div(X);
  const strata = new Map<string, { z: Decimal[]; f: Decimal }>();
  for (const r of weighted)
    (strata.get(r.stratum) ?? strata.set(r.stratum, { z: [], f: r.f }).get(r.stratum)!).z.push(
      r.w.times(r.y.minus(R.times(r.x))).div(X),
    );
  let variance = new Decimal(0);
  for (const { z, f } of strata.values()) {
    if (z.length < 2) continue;
    const mean = z.reduce((s, v) => s.plus(v), new Decimal(0)).div(z.length);
    const squares = z.reduce((s, v) => s.plus(v.minus(mean).pow(2)), new Decimal(0));
    variance = variance.plus(
      new Decimal(1)
        .minus(f)
        .times(z.length)
        .div(z.length - 1)
        .times(squares),
    );
  }
  const se = variance.sqrt();
  const half = se.times(normalQuantile(1 - (1 - CONFIDENCE) / 2, 0, 1));
  return {
    estimate: fixedDecimal(R, 4),
    standardError: fixedDecimal(se, 4),
    interval: rows.length < 2 ? null : [fixedDecimal(R.minus(half), 4), fixedDecimal(R.plus(half), 4)],
    reports: rows.length,
  };
}
