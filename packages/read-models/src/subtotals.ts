import { shortForm, tierOf, TIERS, type FormDefinition, type Tier, type UnitCode } from '@statledger/domain';
import {
  emptyTotals,
  figureOf,
  leafTierOf,
  periodsOverTime,
  periodsWithin,
  summedIndicators,
  TIER_ORDER,
  type Figure,
  type FigureTotals,
  type RollUpInput,
} from './rollup.ts';

/**
 * What the reports of a unit's leaves (the form's lowest reporting tier beneath it) add up to for one period: the
 * exact sum of each indicator that has a value, and the counts a figure's status needs. The projector keeps one per
 * form, unit above the leaves and period, so that a city's figures are read from its districts' subtotals instead of
 * being rolled up again from every village's report.
 */
export interface Subtotal {
  received: number;
  approved: number;
  revised: number;
  onTime: number;
  openFindings: number;
  /** Indicators with at least one value beneath, in the form's order: their exact sums. */
  sums: Record<string, string>;
}

/** The common start of the keys of the subtotals of a period's units of a tier under a unit (its code's short form). */
export const subtotalKeyPrefix = (form: string, period: string, tier: Tier, unitPrefix: string) =>
  `${form}|${period}|${tier}|${unitPrefix}`;

/**
 * `{form}|{period}|{tier}|{unit}`: a unit's subtotals of a period and those of its children's tier lie together. The
 * tier is the unit's own; a caller that knows it already passes it.
 */
export const subtotalKey = (form: string, period: string, unit: UnitCode, tier: Tier = tierOf(unit)) =>
  subtotalKeyPrefix(form, period, tier, unit);

/** What a subtotal's key names. */
export function parseSubtotalKey(key: string): { form: string; period: string; unit: UnitCode } {
  const [form, period, , unit] = key.split('|');
  return { form: form!, period: period!, unit: unit as UnitCode };
}

/**
 * The tiers whose subtotals answer a question about a unit and its children, or undefined when its children are
 * the form's leaves (a township's villages): their own reports are then as few as the subtotals would be.
 */
export function subtotalTiersFor(form: FormDefinition, unit: UnitCode): [Tier, Tier] | undefined {
  const depth = TIER_ORDER.get(tierOf(unit))!;
  if (depth + 1 >= TIER_ORDER.get(leafTierOf(form))!) return undefined;
  return [TIERS[depth]!, TIERS[depth + 1]!];
}

/**
 * The figures of `figuresFor` (a unit and its children, all above the form's leaves) from their subtotals: what
 * `rollUp` gives from the leaves' reports, to the digit. `units` are the registered units under the unit, of which
 * the leaves are counted for the reports expected.
 */
export function rollUpSubtotals(
  input: Omit<RollUpInput, 'reports' | 'figuresFor'> & {
    figuresFor: ReadonlySet<UnitCode>;
    subtotal: (unit: UnitCode, period: string) => Subtotal | undefined;
  },
): Figure[] {
  const leafTier = leafTierOf(input.form);
  const subPeriods = periodsWithin(input.form, input.period);
  const indicators = summedIndicators(input);
  const periodsOf = periodsOverTime(input.form, subPeriods);
  const totals = new Map<UnitCode, FigureTotals>();
  const wanted = input.units.filter((u) => input.figuresFor.has(u)).map((unit) => [unit, shortForm(unit)] as const);
  for (const leaf of input.units) {
    if (tierOf(leaf) !== leafTier) continue;
    for (const [unit, prefix] of wanted)
      if (leaf.startsWith(prefix)) (totals.get(unit) ?? totals.set(unit, emptyTotals(indicators)).get(unit)!).leaves++;
  }
  for (const [unit, t] of totals) {
    for (const period of subPeriods) {
      const s = input.subtotal(unit, period);
      if (s) addCounts(t, s);
    }
    for (const indicator of indicators) {
      for (const period of periodsOf(indicator)) {
        const value = input.subtotal(unit, period)?.sums[indicator.code];
        if (value !== undefined) t.sums.get(indicator.code)!.add(value);
      }
    }
  }
  return [...totals.keys()].sort().map((unit) => figureOf(input, unit, totals.get(unit)!, subPeriods.length));
}

export function addCounts(totals: FigureTotals, s: Subtotal): void {
  totals.received += s.received;
  totals.approved += s.approved;
  totals.revised += s.revised;
  totals.onTime += s.onTime;
  totals.openFindings += s.openFindings;
}

/** A unit's subtotal from its totals: only the indicators that have a value, in the form's order. */
export function subtotalOf(totals: FigureTotals): Subtotal {
  const sums: Record<string, string> = {};
  for (const [code, sum] of totals.sums) if (!sum.isEmpty) sums[code] = sum.toString();
  const { received, approved, revised, onTime, openFindings } = totals;
  return { received, approved, revised, onTime, openFindings, sums };
}
