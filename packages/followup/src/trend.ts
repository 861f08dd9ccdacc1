import { DateTime } from 'luxon';
import { ancestorsOf, isWithinSubtree, parseReportStreamName, type UnitCode } from '@statledger/domain';
import type { FindingRecord, FindingsFold } from './findings-fold.ts';

export interface QualityCounts {
  /** Findings raised (a finding recomputed with other figures is the same work, counted once). */
  raised: number;
  explained: number;
  accepted: number;
  /** Explanations rejected, and of them those a spot check's recount disproved (they count against the unit). */
  rejected: number;
  rejectedOnRecount: number;
  resolved: number;
  open: number;
  /** Corrections of reports after they were approved. */
  editsAfterApproval: number;
}

export interface QualityTrend {
  under: UnitCode | 'national';
  form: string | null;
  asOfPosition: string | null;
  /** Per reporting period of the findings' reports. */
  byPeriod: ({ period: string } & QualityCounts)[];
  /** Per unit directly under `under` (its subtree), and `under` itself for its own reports. */
  byUnit: ({ unit: UnitCode; name: string | null } & QualityCounts)[];
  /** What was done in each calendar month (Asia/Shanghai): raised, explained, accepted, resolved. */
  byMonth: { month: string; raised: number; explained: number; accepted: number; resolved: number }[];
}

const empty = (): QualityCounts => ({
  raised: 0,
  explained: 0,
  accepted: 0,
  rejected: 0,
  rejectedOnRecount: 0,
  resolved: 0,
  open: 0,
  editsAfterApproval: 0,
});
const month = (iso: string) => DateTime.fromISO(iso, { zone: 'Asia/Shanghai' }).toFormat('yyyy-MM');

function count(c: QualityCounts, f: FindingRecord) {
  c.raised++;
  if (f.steps.some((s) => s.type === 'FindingExplained') || f.explanation) c.explained++;
  if (f.status === 'accepted') c.accepted++;
  if (f.status === 'resolved') c.resolved++;
  if (f.status === 'open' || f.status === 'explained') c.open++;
  c.rejected += f.steps.filter((s) => s.type === 'FindingExplanationRejected').length;
  c.rejectedOnRecount += f.rejectedOnRecount;
}

/**
 * Quality over time for a subtree: counts per period, per unit and per month of activity, from the fold as it
 * stands (an earlier fold gives the figures as they stood then).
 */
export function qualityTrend(
  fold: FindingsFold,
  under: UnitCode | 'national',
  options: { form?: string; from?: string; to?: string } = {},
): QualityTrend {
  const periods = new Map<string, QualityCounts>();
  const units = new Map<UnitCode, QualityCounts>();
  const months = new Map<string, QualityTrend['byMonth'][number]>();
  const inRange = (period: string) =>
    (!options.from || period >= options.from) && (!options.to || period <= options.to);
  const within = (unit: UnitCode) => under === 'national' || isWithinSubtree(unit, under);
  const rowOf = (unit: UnitCode): UnitCode => {
    if (under === 'national') return ancestorsOf(unit).at(-1) ?? unit;
    return unit === under ? unit : ([unit, ...ancestorsOf(unit)].find((u) => ancestorsOf(u)[0] === under) ?? unit);
  };
  const at = <T>(map: Map<string, T>, key: string, make: () => T) => map.get(key) ?? map.set(key, make()).get(key)!;
  for (const f of fold.findings.values()) {
    // A superseded finding's work went on under its successor.
    if (f.status === 'superseded' || !within(f.unit) || (options.form && f.form !== options.form) || !inRange(f.period))
      continue;
    count(at(periods, f.period, empty), f);
    count(at(units, rowOf(f.unit), empty), f);
    const m = (iso: string) =>
      at(months, month(iso), () => ({ month: month(iso), raised: 0, explained: 0, accepted: 0, resolved: 0 }));
    m(f.openedAt).raised++;
    for (const s of f.steps) {
      if (s.type === 'FindingExplained') m(s.at).explained++;
      else if (s.type === 'FindingExplanationAccepted') m(s.at).accepted++;
    }
    if (f.status === 'resolved' && f.resolvedAt) m(f.resolvedAt).resolved++;
  }
  for (const [stream, r] of fold.reports) {
    if (r.editsAfterApproval === 0) continue;
    const key = parseReportStreamName(stream)!;
    if (!within(key.unitCode) || (options.form && key.form !== options.form) || !inRange(key.period)) continue;
    at(periods, key.period, empty).editsAfterApproval += r.editsAfterApproval;
    at(units, rowOf(key.unitCode), empty).editsAfterApproval += r.editsAfterApproval;
  }
  const sorted = <K extends string, T>(map: Map<K, T>) => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    under,
    form: options.form ?? null,
    asOfPosition: fold.position ?? null,
    byPeriod: sorted(periods).map(([period, c]) => ({ period, ...c })),
    byUnit: sorted(units).map(([unit, c]) => ({ unit, name: fold.names.get(unit) ?? null, ...c })),
    byMonth: sorted(months).map(([, m]) => m),
  };
}
