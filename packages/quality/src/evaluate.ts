import {
  formatPeriod,
  isReportingUnit,
  periodsPerYear,
  monthsOf,
  parsePeriod,
  reportedIndicators,
  tierOf,
  type FormCatalogue,
  type FormDefinition,
  type ReportKey,
} from '@statledger/domain';
import type { CheckFamily, Finding } from './finding.ts';
import { inSeries, type DigitWindow, type QualityModel, type ReportRecord, type UnitGroup } from './model.ts';
import type { SourceRegistry } from './source-registry.ts';
import { checkTimeliness } from './checks/timeliness.ts';
import { checkRules } from './checks/rules.ts';
import { MIN_HISTORY, checkOwnHistory, notEnoughHistory } from './checks/history.ts';
import { checkSources } from './checks/sources.ts';
import { checkPeers } from './checks/peers.ts';
import { checkConsistency, growthRatio } from './checks/consistency.ts';
import { checkHierarchy } from './checks/hierarchy.ts';
import { checkFabrication } from './checks/benford.ts';

/** Findings wanted, per subject stream and check family; a family present with [] resolves what it had. */
export type DesiredFindings = Map<string, { report?: string; families: Map<CheckFamily, Finding[]> }>;

export function qualityStreamOf(reportStream: string): string {
  return `quality-${reportStream}`;
}

export function digitWindowStream(w: DigitWindow): string {
  return `quality-benford-${w.form}-${w.district}-${w.window}`;
}

export function createEvaluator(model: QualityModel, catalogue: FormCatalogue, sources: SourceRegistry) {
  const desired: DesiredFindings = new Map();
  const want = (subject: string, report: string | undefined, family: CheckFamily, findings: Finding[]) => {
    const entry = desired.get(subject) ?? desired.set(subject, { ...(report ? { report } : {}), families: new Map() }).get(subject)!;
    entry.families.set(family, [...(entry.families.get(family) ?? []), ...findings]);
  };

  const { periods } = model;

  /**
   * A value of one period on its own: a year-to-date figure minus the one before it in the year; the first
   * period of a year is its own increment. `before` is asked for only when it is needed.
   */
  function increment(form: FormDefinition, period: string, value: string | undefined, before: () => string | undefined): number | undefined {
    if (value === undefined) return undefined;
    if (form.valueBasis !== 'year_to_date' || periods.parse(period).index === 1) return Number(value);
    const previous = before();
    return previous === undefined ? undefined : Number(value) - Number(previous);
  }

  function periodValue(form: FormDefinition, key: ReportKey, indicator: string): number | undefined {
    return increment(form, key.period, model.report(key)?.values?.[indicator], () => model.report({ ...key, period: periods.shift(key.period, -1) })?.values?.[indicator]);
  }

  /**
   * The unit's own history of every indicator, newest first, over `length` earlier periods: each period's
   * report is looked up once for all indicators (and one more before the oldest, for year-to-date increments).
   */
  function ownHistory(form: FormDefinition, r: ReportRecord, length: number) {
    const back = Array.from({ length: length + 2 }, (_, k) => (k === 0 ? r.key.period : periods.shift(r.key.period, -k)));
    const records = back.map((period, k) => (k === 0 ? r : inSeries(r, period)));
    const valueAt = (k: number, indicator: string) => increment(form, back[k]!, records[k]?.values?.[indicator], () => records[k + 1]?.values?.[indicator]);
    return (indicator: string) => {
      const past: number[] = [];
      for (let k = 1; k <= length; k++) {
        const v = valueAt(k, indicator);
        if (v !== undefined) past.push(v);
      }
      return { value: valueAt(0, indicator), past };
    };
  }

  function evaluateReport(r: ReportRecord) {
    const subject = qualityStreamOf(r.stream);
    const form = catalogue.get(r.key.form);
    want(subject, r.stream, 'timeliness', checkTimeliness({ deadline: r.deadline, ...(r.firstSubmittedAt ? { firstSubmittedAt: r.firstSubmittedAt } : {}), ...(r.overdueAt ? { overdueAt: r.overdueAt } : {}) }));
    if (!r.values) return;
    want(subject, r.stream, 'rules', checkRules(form, r.values));
    want(subject, r.stream, 'sources', r.source ? checkSources(form.code, { source: r.source, values: r.values }, [...(r.sources?.values() ?? [])], sources) : []);
    const flows = reportedIndicators(form).filter((i) => i.kind === 'flow');
    const perYear = periodsPerYear(form.periodType);
    const history: Finding[] = [];
    const short: { indicator: string; points: number }[] = [];
    const ownSeries = ownHistory(form, r, Math.min(12, perYear * 3));
    for (const indicator of flows) {
      const { value, past } = ownSeries(indicator.code);
      if (value === undefined) continue;
      if (past.length < MIN_HISTORY) short.push({ indicator: indicator.code, points: past.length });
      else history.push(...checkOwnHistory(indicator.code, value, past));
    }
    if (short.length) history.push(notEnoughHistory(Math.min(...short.map((s) => s.points)), short.map((s) => s.indicator)));
    want(subject, r.stream, 'history', history);
  }

  function evaluateGroup(g: UnitGroup) {
    const form = catalogue.get(g.form);
    const members = model.members(g).filter((r) => r.values);
    const indicators = reportedIndicators(form);
    const flows = indicators.filter((i) => i.kind === 'flow');
    const parentKey: ReportKey = { form: g.form, unitCode: g.parent, period: g.period };
    const perYear = periodsPerYear(form.periodType);
    // The parent's movement: its own report where it has one, else the sum of its children's.
    const parentValue = (indicator: string, offset: number): number | undefined => {
      const key = { ...parentKey, period: periods.shift(g.period, -offset) };
      const own = periodValue(form, key, indicator);
      if (own !== undefined) return own;
      const values = members.map((m) => periodValue(form, { ...m.key, period: key.period }, indicator)).filter((v): v is number => v !== undefined);
      return values.length ? values.reduce((s, v) => s + v, 0) : undefined;
    };
    const ratioOf = (current: number | undefined, value: (offset: number) => number | undefined) => {
      if (current === undefined) return null;
      const years = [1, 2, 3].map((y) => value(y * perYear)).filter((v): v is number => v !== undefined);
      const previous = [1, 2, 3].map((k) => value(k)).filter((v): v is number => v !== undefined);
      return growthRatio(current, years, previous);
    };
    for (const member of members) {
      const subject = qualityStreamOf(member.stream);
      const peers: Finding[] = [];
      // Flows only: small counts (toilets, cleaners) are too coarse for a logarithmic spread.
      for (const indicator of flows) {
        const raw = member.values![indicator.code];
        if (raw === undefined) continue;
        const siblings = members.filter((m) => m !== member && m.values![indicator.code] !== undefined).map((m) => Number(m.values![indicator.code]));
        const found = checkPeers(indicator.code, Number(raw), siblings);
        if (found.length === 0) continue;
        // A unit that stood as far from its siblings last period is large or small by nature, not by error: said, not warned.
        const previous = periods.shift(g.period, -1);
        const before = model.report({ ...member.key, period: previous })?.values?.[indicator.code];
        const siblingsBefore = members.map((m) => model.report({ ...m.key, period: previous })?.values?.[indicator.code]).filter((v, i): v is string => v !== undefined && members[i] !== member).map(Number);
        const persistent = before !== undefined && checkPeers(indicator.code, Number(before), siblingsBefore).some((f) => Math.sign(f.evidence.m as number) === Math.sign(found[0]!.evidence.m as number));
        peers.push(...(persistent ? found.map((f) => ({ ...f, severity: 'info' as const, message: `${f.message}; as far as last period (persistent)`, evidence: { ...f.evidence, persistent: true } })) : found));
      }
      want(subject, member.stream, 'peers', peers);
      const consistency: Finding[] = [];
      for (const indicator of flows) {
        const unit = ratioOf(periodValue(form, member.key, indicator.code), (k) => periodValue(form, { ...member.key, period: periods.shift(g.period, -k) }, indicator.code));
        const parent = ratioOf(parentValue(indicator.code, 0), (k) => parentValue(indicator.code, k));
        if (unit && parent) consistency.push(...checkConsistency(indicator.code, unit, parent));
      }
      want(subject, member.stream, 'consistency', consistency);
    }
    const own = model.report(parentKey);
    if (own?.values) {
      const expected = model.childrenOf(g.parent).filter((c) => isReportingUnit(form, c)).length;
      const hierarchy = indicators.flatMap((i) => {
        const value = own.values![i.code];
        if (value === undefined) return [];
        const sum = members.reduce((s, m) => s + Number(m.values![i.code] ?? 0), 0);
        return checkHierarchy(i.code, Number(value), { sum, received: members.length, expected });
      });
      want(qualityStreamOf(own.stream), own.stream, 'hierarchy', hierarchy);
    }
  }

  function evaluateWindow(w: DigitWindow) {
    const form = catalogue.get(w.form);
    const months = monthsOf(parsePeriod(w.window)).map(formatPeriod);
    const villages = months.flatMap((m) => model.inDistrict(w.form, w.district, m)).filter((r) => r.values && tierOf(r.key.unitCode) === 'village');
    const units = new Set(villages.map((r) => r.key.unitCode)).size;
    const findings = reportedIndicators(form)
      .filter((i) => i.digitScreening)
      .flatMap((i) => checkFabrication(i.code, villages.map((r) => r.values![i.code]).filter((v): v is string => v !== undefined), { district: w.district, window: w.window }, units));
    want(digitWindowStream(w), undefined, 'benford', findings);
  }

  return {
    evaluate(dirty: ReturnType<QualityModel['drainDirty']>): DesiredFindings {
      desired.clear();
      for (const stream of dirty.reports) evaluateReport(model.reports.get(stream)!);
      for (const group of dirty.groups) evaluateGroup(group);
      for (const window of dirty.windows) evaluateWindow(window);
      return new Map(desired);
    },
  };
}

