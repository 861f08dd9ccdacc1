export const VF_LOWER = 0.9;
export const VF_UPPER = 1.1;

export interface Recount {
  report: string;
  indicator: string;
  reported: number;
  recounted: number;
}

/** VF = recounted / reported: below 1 over-reporting, above 1 under-reporting; outside [0.9, 1.1] a discrepancy. */
export function verificationFactor(reported: number, recounted: number): { vf: number | null; discrepancy: boolean; direction: 'over-reported' | 'under-reported' | 'accurate' | 'unknown' } {
  if (reported === 0) return { vf: null, discrepancy: recounted !== 0, direction: recounted === 0 ? 'accurate' : 'unknown' };
  const vf = recounted / reported;
  const discrepancy = vf < VF_LOWER || vf > VF_UPPER;
  return { vf, discrepancy, direction: !discrepancy ? 'accurate' : vf < 1 ? 'over-reported' : 'under-reported' };
}

/**
 * Per plan: the aggregate VF = Σ recounted / Σ reported for each indicator (tonnes and m² do not add up), and
 * the share of sampled reports with any indicator outside ±10 % — the aggregate alone hides errors that cancel out.
 */
export function planVerification(recounts: readonly Recount[]) {
  const byIndicator = new Map<string, { reported: number; recounted: number }>();
  const reports = new Map<string, boolean>();
  for (const r of recounts) {
    const sums = byIndicator.get(r.indicator) ?? byIndicator.set(r.indicator, { reported: 0, recounted: 0 }).get(r.indicator)!;
    sums.reported += r.reported;
    sums.recounted += r.recounted;
    reports.set(r.report, (reports.get(r.report) ?? false) || verificationFactor(r.reported, r.recounted).discrepancy);
  }
  const discrepant = [...reports.values()].filter(Boolean).length;
  return {
    aggregateVf: Object.fromEntries([...byIndicator].sort(([a], [b]) => (a < b ? -1 : 1)).map(([indicator, s]) => [indicator, s.reported === 0 ? null : s.recounted / s.reported])),
    reports: reports.size,
    discrepantReports: discrepant,
    shareOutside: reports.size === 0 ? null : discrepant / reports.size,
    formula: 'aggregate VF per indicator = Σ recounted / Σ reported; share outside = reports with any VF outside [0.9, 1.1] / reports recounted',
  };
}
