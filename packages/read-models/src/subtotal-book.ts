import {
  parentOf,
  reportedIndicators,
  tierOf,
  TIERS,
  type FormCatalogue,
  type ReportedIndicator,
  type UnitCode,
} from '@statledger/domain';
import { countReport, emptyTotals, leafTierOf, TIER_ORDER, type ContributingReport } from './rollup.ts';
import { addCounts, parseSubtotalKey, subtotalKey, subtotalOf, type Subtotal } from './subtotals.ts';

/** A report as the book reads it: the ledger's record. */
type LeafReport = ContributingReport & { form: string };

/** The reports of the leaves under one subtotal (of a form, period and the leaves' parent), by leaf. */
interface LeafGroup {
  key: string;
  parent: UnitCode;
  reports: Map<UnitCode, LeafReport>;
}

/** What a batch of the fold changed that subtotals depend on. */
export interface SubtotalChanges {
  /** Reports whose record or open findings changed. */
  reports: Iterable<LeafReport>;
  /** Units registered. */
  units: ReadonlySet<UnitCode>;
}

/**
 * The projector's subtotals, kept up to date batch by batch: a changed report marks its parent's subtotal of its form
 * and period, which is summed again from its children, and so on up to the province. Works on the ledger's map of
 * subtotals (restored with the projection's rows); its indexes (children, leaves' reports) are built at the first
 * batch, from the ledger's units and reports.
 */
export function createSubtotalBook(
  catalogue: FormCatalogue,
  subtotals: Map<string, Subtotal>,
  ledger: { reports(): Iterable<LeafReport>; units(): Iterable<UnitCode>; isRegistered(unit: UnitCode): boolean },
) {
  /**
   * Each unit's tier (as its depth) and parent, worked out from its code once; the lowest tier's (most of the units,
   * each asked for once per report) are not kept.
   */
  const places = new Map<UnitCode, { depth: number; parent: UnitCode | null }>();
  const LOWEST = TIERS.length - 1;
  const placeOf = (unit: UnitCode) => {
    let place = places.get(unit);
    if (!place) {
      place = { depth: TIER_ORDER.get(tierOf(unit))!, parent: parentOf(unit) };
      if (place.depth < LOWEST) places.set(unit, place);
    }
    return place;
  };
  const keyOf = (form: string, period: string, unit: UnitCode) =>
    subtotalKey(form, period, unit, TIERS[placeOf(unit).depth]);
  const forms = new Map<string, { indicators: ReportedIndicator[]; leafDepth: number } | null>();
  /** A form's summed indicators and the depth of its leaves; null for a form the catalogue no longer has. */
  const formOf = (code: string) => {
    if (!forms.has(code)) {
      const form = catalogue.forms.get(code);
      forms.set(
        code,
        form ? { indicators: reportedIndicators(form), leafDepth: TIER_ORDER.get(leafTierOf(form))! } : null,
      );
    }
    return forms.get(code)!;
  };

  /** Registered units and their ancestors, by parent; the lowest tier's are never summed from children. */
  const children = new Map<UnitCode, Set<UnitCode>>();
  /** The leaves' reports under each subtotal of the leaves' parents, by leaf: no report is looked up by name. */
  const leafGroups = new Map<string, LeafGroup>();
  /** Per unit, the `form|period` of its subtotals: a child registered late changes them. */
  const keysOfUnit = new Map<UnitCode, Set<string>>();
  let indexed = false;

  /** Links a registered unit (of the lowest tier, its parent) to its parent, and so on, until a link already known. */
  const link = (unit: UnitCode) => {
    const place = placeOf(unit);
    let child = place.depth < LOWEST ? unit : place.parent;
    for (
      let parent = child && placeOf(child).parent;
      child && parent;
      child = parent, parent = placeOf(parent).parent
    ) {
      const siblings = children.get(parent) ?? children.set(parent, new Set()).get(parent)!;
      if (siblings.has(child)) return;
      siblings.add(child);
    }
  };
  const noteKey = (form: string, period: string, unit: UnitCode) =>
    (keysOfUnit.get(unit) ?? keysOfUnit.set(unit, new Set()).get(unit)!).add(`${form}|${period}`);
  /** Where each leaf's report is filed, worked out once per report: the group of its parent's subtotal. */
  const filed = new WeakMap<LeafReport, LeafGroup | null>();
  /** Files a leaf's report under the subtotal it counts in, and gives that; none for other reports. */
  const fileReport = (r: LeafReport) => {
    let group = filed.get(r);
    if (group === undefined) {
      const { depth, parent } = placeOf(r.unitCode);
      group = null;
      if (parent && depth === formOf(r.form)?.leafDepth) {
        const key = keyOf(r.form, r.period, parent);
        group = leafGroups.get(key) ?? leafGroups.set(key, { key, parent, reports: new Map() }).get(key)!;
        group.reports.set(r.unitCode, r);
      }
      filed.set(r, group);
    }
    return group;
  };

  function index(newUnits: ReadonlySet<UnitCode>) {
    for (const unit of ledger.units()) if (!newUnits.has(unit)) link(unit);
    for (const r of ledger.reports()) fileReport(r);
    for (const key of subtotals.keys()) {
      const { form, period, unit } = parseSubtotalKey(key);
      noteKey(form, period, unit);
    }
    indexed = true;
  }

  /** A subtotal summed again: from the leaves' reports beneath, or from the children's subtotals. */
  function recount(formCode: string, period: string, unit: UnitCode, key: string): Subtotal {
    const { indicators, leafDepth } = formOf(formCode)!;
    const totals = emptyTotals(indicators);
    const sums = indicators.map((i) => [i.code, totals.sums.get(i.code)!] as const);
    for (const [leaf, r] of leafGroups.get(key)?.reports ?? []) {
      if (!ledger.isRegistered(leaf)) continue;
      countReport(totals, r);
      for (const [code, sum] of sums) {
        const value = r.values[code];
        if (value !== undefined) sum.add(value);
      }
    }
    // A unit's children are all of the tier below it: the leaves, filed above, or units with subtotals of their own.
    if (placeOf(unit).depth + 1 < leafDepth) {
      for (const child of children.get(unit) ?? []) {
        const s = subtotals.get(keyOf(formCode, period, child));
        if (!s) continue;
        addCounts(totals, s);
        for (const [code, value] of Object.entries(s.sums)) totals.sums.get(code)?.add(value);
      }
    }
    return subtotalOf(totals);
  }

  return {
    /** Brings the subtotals a batch's changes touch up to date; gives the keys of those it wrote. */
    settle(changes: SubtotalChanges): string[] {
      // Marked subtotals by tier, deepest first: a parent is summed once, after all its changed children.
      const marked = TIERS.map(() => new Map<string, [form: string, period: string, unit: UnitCode]>());
      // Each report marks its leaf group's subtotal: the first mark is kept, the others allocate nothing.
      const mark = (form: string, period: string, unit: UnitCode, key = keyOf(form, period, unit)) => {
        const atDepth = marked[placeOf(unit).depth]!;
        if (!atDepth.has(key)) atDepth.set(key, [form, period, unit]);
      };
      if (!indexed) index(changes.units);
      // A unit registered now counts in its parent's subtotals from now on: any of its reports folded before count.
      for (const unit of changes.units) {
        link(unit);
        const parent = placeOf(unit).parent;
        for (const formPeriod of (parent && keysOfUnit.get(parent)) || []) {
          const [form, period] = formPeriod.split('|');
          mark(form!, period!, parent!);
        }
      }
      for (const r of changes.reports) {
        const filed = fileReport(r);
        if (filed) mark(r.form, r.period, filed.parent, filed.key);
      }
      const written: string[] = [];
      for (let depth = TIERS.length - 1; depth >= 0; depth--) {
        for (const [key, [form, period, unit]] of marked[depth]!) {
          subtotals.set(key, recount(form, period, unit, key));
          noteKey(form, period, unit);
          written.push(key);
          const parent = placeOf(unit).parent;
          if (parent) mark(form, period, parent);
        }
      }
      return written;
    },
  };
}
