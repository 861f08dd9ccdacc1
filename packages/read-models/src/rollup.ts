import {
  formatPeriod,
  monthsOf,
  parsePeriod,
  reportedIndicators,
  tierOf,
  TIERS,
  ancestorsOf,
  type FormDefinition,
  type IndicatorValues,
  type Tier,
  type UnitCode,
} from '@statledger/domain';
import { DecimalSum, ratio } from './decimal.ts';

/** A report as a read model counts it: the authoritative values, where it stands, what is open on it. */
export interface ContributingReport {
  unitCode: UnitCode;
  period: string;
  values: IndicatorValues;
  approved: boolean;
  /** Corrected after it had been approved. */
  revised: boolean;
  openFindings: number;
  /** First submitted at or before its deadline. */
  onTime: boolean;
}

export type FigureStatus = 'provisional' | 'final' | 'revised';

export interface Figure {
  unit: UnitCode;
  tier: Tier;
  period: string;
  values: Record<string, string | null>;
  derived: Record<string, string | null>;
  /** Reports beneath the figure: received of expected (leaf units × periods of the form within the period). */
  received: number;
  expected: number;
  /** Reports beneath first submitted on time. */
  onTime: number;
  /** Annual targets of this unit, with the year-to-date progress against them (%). */
  targets?: Record<string, { target: string; progress: string | null }>;
  status: FigureStatus;
  openFindings: number;
}

export interface RollUpInput {
  form: FormDefinition;
  /** Every registered unit; figures are produced for each at or above the form's lowest reporting tier. */
  units: readonly UnitCode[];
  reports: readonly ContributingReport[];
  /** Month, quarter or year: a coarser period than the form's aggregates over time by each indicator's rule. */
  period: string;
  /** Denominators published per unit and tier by their authoritative source (GDP, population); never summed from children. */
  denominator?: (unit: UnitCode, name: string) => string | undefined;
  /** Indicators taken from `denominator` rather than summed (e.g. GDP). */
  denominatorIndicators?: readonly string[];
  /** Only these units' figures are wanted (a unit and its children); all units' when absent. */
  figuresFor?: ReadonlySet<UnitCode>;
}

const TIER_ORDER = new Map(TIERS.map((t, i) => [t, i]));

/** The form's periods inside `period`, in order (March for 2025-03, January–March for 2025-Q1 of a monthly form). */
export function periodsWithin(form: FormDefinition, period: string): string[] {
  const outer = parsePeriod(period);
  const months = monthsOf(outer).map(formatPeriod);
  if (form.periodType === 'month') return months;
  if (form.periodType === outer.type) return [period];
  if (form.periodType === 'quarter' && outer.type === 'year') return [1, 2, 3, 4].map((q) => `${outer.year}-Q${q}`);
  throw new Error(`form ${form.code} is reported per ${form.periodType}; a ${outer.type} view cannot be built from it`);
}

/**
 * Figures of every unit at and above the form's lowest reporting tier: sums over the lowest-tier reports
 * beneath (so a township's own total is never added to its villages'); over time, flows are summed, stocks
 * take the value at the period's end, year-to-date figures the latest; derived indicators are ratios of the
 * sums, never averages of ratios.
 */
export function rollUp(input: RollUpInput): Figure[] {
  const { form } = input;
  const leafTier = [...form.reportingTiers].sort((a, b) => TIER_ORDER.get(b)! - TIER_ORDER.get(a)!)[0]!;
  const subPeriods = periodsWithin(form, input.period);
  const last = subPeriods.at(-1)!;
  const indicators = reportedIndicators(form).filter((i) => !input.denominatorIndicators?.includes(i.code));
  const leaves = input.units.filter((u) => tierOf(u) === leafTier);
  const byUnit = new Map<UnitCode, Map<string, ContributingReport>>();
  for (const r of input.reports) {
    if (tierOf(r.unitCode) !== leafTier || !subPeriods.includes(r.period)) continue;
    (byUnit.get(r.unitCode) ?? byUnit.set(r.unitCode, new Map()).get(r.unitCode)!).set(r.period, r);
  }

  /** One leaf unit's value of an indicator over the whole period, by the indicator's rule over time. */
  /**
   * One leaf unit's values of an indicator over the whole period, by the indicator's rule over time: every
   * period's flow (added into the figure's sum one by one), or the value at the period's end.
   */
  const leafValues = (unit: UnitCode, code: string, overTime: string): string[] => {
    const reports = byUnit.get(unit)!;
    const at = overTime === 'sum' && form.valueBasis !== 'year_to_date' ? subPeriods : [last];
    return at.flatMap((p) => reports.get(p)?.values[code] ?? []);
  };

  // The units whose figures are wanted, with the leaves beneath each. Each leaf's value is read once and added to
  // the sum of every wanted unit above it (a village to its township, district and city), not summed again per figure.
  const candidates = new Set(
    input.units.filter(
      (u) => (!input.figuresFor || input.figuresFor.has(u)) && TIER_ORDER.get(tierOf(u))! <= TIER_ORDER.get(leafTier)!,
    ),
  );
  const members = new Map<UnitCode, UnitCode[]>();
  const sums = new Map<UnitCode, Map<string, DecimalSum>>();
  const sumsOf = (unit: UnitCode) =>
    sums.get(unit) ?? sums.set(unit, new Map(indicators.map((i) => [i.code, new DecimalSum()]))).get(unit)!;
  for (const leaf of leaves) {
    const above = [leaf, ...ancestorsOf(leaf)].filter((u) => candidates.has(u));
    for (const unit of above) (members.get(unit) ?? members.set(unit, []).get(unit)!).push(leaf);
    if (!above.length || !byUnit.has(leaf)) continue;
    const into = above.map(sumsOf);
    for (const indicator of indicators) {
      for (const value of leafValues(leaf, indicator.code, indicator.aggregation.overTime))
        for (const sum of into) sum.get(indicator.code)!.add(value);
    }
  }
  const wanted = [...members.keys()].sort();

  return wanted.map((unit) => {
    const beneath = members.get(unit)!;
    const contributing = beneath.flatMap((leaf) => [...(byUnit.get(leaf)?.values() ?? [])]);
    const values: Record<string, string | null> = {};
    for (const indicator of indicators) {
      const sum = sums.get(unit)?.get(indicator.code);
      values[indicator.code] = sum && !sum.isEmpty ? sum.toString() : null;
    }
    for (const name of input.denominatorIndicators ?? []) values[name] = input.denominator?.(unit, name) ?? null;
    const derived: Record<string, string | null> = {};
    for (const d of form.indicators) {
      if (d.kind !== 'derived') continue;
      const term = (t: typeof d.ratio.numerator) =>
        ('indicator' in t ? values[t.indicator] : input.denominator?.(unit, t.attribute)) ?? null;
      const [numerator, denominator] = [term(d.ratio.numerator), term(d.ratio.denominator)];
      derived[d.code] =
        numerator !== null && denominator !== null ? ratio(numerator, denominator, d.ratio.scale) : null;
    }
    const expected = beneath.length * subPeriods.length;
    const status: FigureStatus = contributing.some((r) => r.revised)
      ? 'revised'
      : contributing.length === expected && contributing.every((r) => r.approved)
        ? 'final'
        : 'provisional';
    return {
      unit,
      tier: tierOf(unit),
      period: input.period,
      values,
      derived,
      received: contributing.length,
      expected,
      onTime: contributing.filter((r) => r.onTime).length,
      status,
      openFindings: contributing.reduce((s, r) => s + r.openFindings, 0),
    };
  });
}
