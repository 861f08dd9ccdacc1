import {
  formatPeriod,
  InvalidPeriodError,
  monthsOf,
  parsePeriod,
  reportedIndicators,
  tierOf,
  TIERS,
  ancestorsOf,
  type FormDefinition,
  type IndicatorValues,
  type ReportedIndicator,
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

/** Tiers from the top (province 0) down. */
export const TIER_ORDER = new Map<Tier, number>(TIERS.map((t, i) => [t, i]));

/** The lowest tier that reports a form: its figures above are sums over these units' reports. */
export function leafTierOf(form: FormDefinition): Tier {
  return [...form.reportingTiers].sort((a, b) => TIER_ORDER.get(b)! - TIER_ORDER.get(a)!)[0]!;
}

/** The form's periods inside `period`, in order (March for 2025-03, January–March for 2025-Q1 of a monthly form). */
export function periodsWithin(form: FormDefinition, period: string): string[] {
  const outer = parsePeriod(period);
  const months = monthsOf(outer).map(formatPeriod);
  if (form.periodType === 'month') return months;
  if (form.periodType === outer.type) return [period];
  if (form.periodType === 'quarter' && outer.type === 'year') return [1, 2, 3, 4].map((q) => `${outer.year}-Q${q}`);
  // A question's period, not a fault of ours: refused as a period that cannot be asked of this form.
  throw new InvalidPeriodError(
    period,
    `form ${form.code} is reported per ${form.periodType}; a ${outer.type} view cannot be built from it`,
  );
}

/**
 * Figures of every unit at and above the form's lowest reporting tier: sums over the lowest-tier reports
 * beneath (so a township's own total is never added to its villages'); over time, flows are summed, stocks
 * take the value at the period's end, year-to-date figures the latest; derived indicators are ratios of the
 * sums, never averages of ratios.
 */
export function rollUp(input: RollUpInput): Figure[] {
  const { form } = input;
  const leafTier = leafTierOf(form);
  const subPeriods = periodsWithin(form, input.period);
  const indicators = summedIndicators(input);
  const leaves = input.units.filter((u) => tierOf(u) === leafTier);
  const byUnit = new Map<UnitCode, Map<string, ContributingReport>>();
  for (const r of input.reports) {
    if (tierOf(r.unitCode) !== leafTier || !subPeriods.includes(r.period)) continue;
    (byUnit.get(r.unitCode) ?? byUnit.set(r.unitCode, new Map()).get(r.unitCode)!).set(r.period, r);
  }
  const periodsOf = periodsOverTime(form, subPeriods);

  // The units whose figures are wanted, with the leaves beneath each. Each leaf's value is read once and added to
  // the sum of every wanted unit above it (a village to its township, district and city), not summed again per figure.
  const candidates = new Set(
    input.units.filter(
      (u) => (!input.figuresFor || input.figuresFor.has(u)) && TIER_ORDER.get(tierOf(u))! <= TIER_ORDER.get(leafTier)!,
    ),
  );
  const totals = new Map<UnitCode, FigureTotals>();
  for (const leaf of leaves) {
    const above = [leaf, ...ancestorsOf(leaf)].filter((u) => candidates.has(u));
    const into = above.map((unit) => totals.get(unit) ?? totals.set(unit, emptyTotals(indicators)).get(unit)!);
    for (const t of into) t.leaves++;
    const reports = byUnit.get(leaf);
    if (!into.length || !reports) continue;
    for (const r of reports.values()) for (const t of into) countReport(t, r);
    for (const indicator of indicators) {
      for (const period of periodsOf(indicator)) {
        const value = reports.get(period)?.values[indicator.code];
        if (value !== undefined) for (const t of into) t.sums.get(indicator.code)!.add(value);
      }
    }
  }
  return [...totals.keys()].sort().map((unit) => figureOf(input, unit, totals.get(unit)!, subPeriods.length));
}

/**
 * What a figure is made of: the sums of its leaves' values over the period, how many leaves it has, and the counts
 * of their reports (received, approved, revised, on time) and of those reports' open findings.
 */
export interface FigureTotals {
  leaves: number;
  sums: Map<string, DecimalSum>;
  received: number;
  approved: number;
  revised: number;
  onTime: number;
  openFindings: number;
}

export const emptyTotals = (indicators: readonly { code: string }[]): FigureTotals => ({
  leaves: 0,
  sums: new Map(indicators.map((i) => [i.code, new DecimalSum()])),
  received: 0,
  approved: 0,
  revised: 0,
  onTime: 0,
  openFindings: 0,
});

/** Counts a report beneath a figure (its values are summed by the indicators' rules over time). */
export function countReport(totals: FigureTotals, r: ContributingReport): void {
  totals.received++;
  if (r.approved) totals.approved++;
  if (r.revised) totals.revised++;
  if (r.onTime) totals.onTime++;
  totals.openFindings += r.openFindings;
}

/** The indicators summed from the leaves' reports: the reported ones but those taken from their publisher. */
export const summedIndicators = (input: Pick<RollUpInput, 'form' | 'denominatorIndicators'>) =>
  reportedIndicators(input.form).filter((i) => !input.denominatorIndicators?.includes(i.code));

/**
 * The form's periods whose values an indicator's figure over the whole period takes, by its rule over time: every
 * period's flow, or the value at the period's end (a stock, or any year-to-date figure).
 */
export function periodsOverTime(form: FormDefinition, subPeriods: readonly string[]) {
  const last = [subPeriods.at(-1)!];
  return (indicator: ReportedIndicator): readonly string[] =>
    indicator.aggregation.overTime === 'sum' && form.valueBasis !== 'year_to_date' ? subPeriods : last;
}

/** A unit's figure from its totals: sums, denominators taken from their publisher, ratios of the sums, status. */
export function figureOf(
  input: Pick<RollUpInput, 'form' | 'period' | 'denominator' | 'denominatorIndicators'>,
  unit: UnitCode,
  totals: FigureTotals,
  periods: number,
): Figure {
  const values: Record<string, string | null> = {};
  for (const [code, sum] of totals.sums) values[code] = sum.isEmpty ? null : sum.toString();
  for (const name of input.denominatorIndicators ?? []) values[name] = input.denominator?.(unit, name) ?? null;
  const derived: Record<string, string | null> = {};
  for (const d of input.form.indicators) {
    if (d.kind !== 'derived') continue;
    const term = (t: typeof d.ratio.numerator) =>
      ('indicator' in t ? values[t.indicator] : input.denominator?.(unit, t.attribute)) ?? null;
    const [numerator, denominator] = [term(d.ratio.numerator), term(d.ratio.denominator)];
    derived[d.code] = numerator !== null && denominator !== null ? ratio(numerator, denominator, d.ratio.scale) : null;
  }
  const expected = totals.leaves * periods;
  const status: FigureStatus =
    totals.revised > 0
      ? 'revised'
      : totals.received === expected && totals.approved === totals.received
        ? 'final'
        : 'provisional';
  return {
    unit,
    tier: tierOf(unit),
    period: input.period,
    values,
    derived,
    received: totals.received,
    expected,
    onTime: totals.onTime,
    status,
    openFindings: totals.openFindings,
  };
}
