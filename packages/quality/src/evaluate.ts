import {
  Decimal,
  formatPeriod,
  isReportingUnit,
  periodsPerYear,
  monthsOf,
  parsePeriod,
  qualityStreamOf,
  reportedIndicators,
  tierOf,
  type FormCatalogue,
  type FormDefinition,
  type ReportKey,
} from '@statledger/domain';
import { findingKey, type CheckFamily, type Finding } from './finding.ts';
import {
  digitWindowStream,
  inSeries,
  type DigitWindow,
  type DirtySubjects,
  type QualityModel,
  type ReportRecord,
  type UnitGroup,
} from './model.ts';
import type { SourceRegistry } from './source-registry.ts';
import { checkTimeliness } from './checks/timeliness.ts';
import { checkRules } from './checks/rules.ts';
import { MIN_HISTORY, checkOwnHistory, historyReach, notEnoughHistory, referenceLength } from './checks/history.ts';
import { checkSources } from './checks/sources.ts';
import { checkPeerGroup } from './checks/peers.ts';
import { checkMemberConsistency } from './checks/consistency.ts';
import { checkHierarchy } from './checks/hierarchy.ts';
import { checkFabrication } from './checks/benford.ts';

/**
 * Findings wanted, per subject stream and check family; a family present with [] resolves what it had.
 * `confirmed`: the finding keys an accepted explanation silenced (their resolution says so).
 */
export type DesiredFindings = Map<
  string,
  { report?: string; families: Map<CheckFamily, Finding[]>; confirmed?: Set<string> }
>;

/** A check that threw: recorded as a CHECK_FAILED finding on its subject, and counted and logged by the worker. */
export interface CheckFailure {
  subject: string;
  report?: string;
  family: CheckFamily;
  message: string;
}

/** What a subject is told when one of its checks could not be computed: never a silent pass. */
export function checkFailed(family: CheckFamily, message: string): Finding {
  return {
    code: 'CHECK_FAILED',
    severity: 'warning',
    message: `the ${family} checks could not be computed (${message}), so this report is not checked by them; tell the administrator, who will find the error in the quality worker's log`,
    evidence: { family, error: message },
  };
}

export function createEvaluator(model: QualityModel, catalogue: FormCatalogue, sources: SourceRegistry) {
  const desired: DesiredFindings = new Map();
  const failures: CheckFailure[] = [];
  const want = (subject: string, report: string | undefined, family: CheckFamily, findings: Finding[]) => {
    const entry =
      desired.get(subject) ??
      desired.set(subject, { ...(report ? { report } : {}), families: new Map() }).get(subject)!;
    const kept = findings.filter((f) => {
      if (!model.isConfirmed(subject, report, family, f)) return true;
      (entry.confirmed ??= new Set()).add(findingKey(family, f));
      return false;
    });
    entry.families.set(family, [...(entry.families.get(family) ?? []), ...kept]);
  };
  /**
   * Runs one family of checks for one subject. One bad input must not stop the worker for everyone else: a
   * check that throws leaves CHECK_FAILED in place of its findings, and the run goes on.
   */
  const attempt = (subject: string, report: string | undefined, family: CheckFamily, check: () => Finding[]) => {
    try {
      want(subject, report, family, check());
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failures.push({ subject, ...(report ? { report } : {}), family, message });
      want(subject, report, family, [checkFailed(family, message)]);
    }
  };

  const { periods } = model;

  /**
   * A value of one period on its own: a year-to-date figure minus the one before it in the year; the first
   * period of a year is its own increment. `before` is asked for only when it is needed.
   */
  function increment<T>(
    form: FormDefinition,
    period: string,
    value: string | undefined,
    before: () => string | undefined,
    minus: (a: string, b: string) => T,
    plain: (a: string) => T,
  ): T | undefined {
    if (value === undefined) return undefined;
    if (form.valueBasis !== 'year_to_date' || periods.parse(period).index === 1) return plain(value);
    const previous = before();
    return previous === undefined ? undefined : minus(value, previous);
  }
  const asDecimal = [(a: string, b: string) => new Decimal(a).minus(b), (a: string) => new Decimal(a)] as const;
  const asNumber = [(a: string, b: string) => Number(a) - Number(b), Number] as const;

  /** A unit's value of one period, exactly: what the consistency ratios are computed from. */
  function periodValue(form: FormDefinition, key: ReportKey, indicator: string): Decimal | undefined {
    const before = () => model.report({ ...key, period: periods.shift(key.period, -1) })?.values?.[indicator];
    return increment(form, key.period, model.report(key)?.values?.[indicator], before, ...asDecimal);
  }

  /**
   * The unit's own series of every indicator: `earlier[k]` is its value k periods back. Each period's report
   * is looked up once for all indicators (and one more before the oldest, for year-to-date increments).
   */
  function ownHistory(form: FormDefinition, r: ReportRecord, reach: number) {
    const back = Array.from({ length: reach + 2 }, (_, k) =>
      k === 0 ? r.key.period : periods.shift(r.key.period, -k),
    );
    const records = back.map((period, k) => (k === 0 ? r : inSeries(r, period)));
    const valueAt = (k: number, indicator: string) =>
      increment(
        form,
        back[k]!,
        records[k]?.values?.[indicator],
        () => records[k + 1]?.values?.[indicator],
        ...asNumber,
      );
    return (indicator: string) => {
      const earlier = Array.from({ length: reach + 1 }, (_, k) => (k === 0 ? undefined : valueAt(k, indicator)));
      return { value: valueAt(0, indicator), earlier };
    };
  }

  function evaluateReport(r: ReportRecord) {
    const subject = qualityStreamOf(r.stream);
    const form = catalogue.get(r.key.form);
    attempt(subject, r.stream, 'timeliness', () =>
      checkTimeliness({
        deadline: r.deadline,
        ...(r.firstSubmittedAt ? { firstSubmittedAt: r.firstSubmittedAt } : {}),
        ...(r.overdueAt ? { overdueAt: r.overdueAt } : {}),
      }),
    );
    const values = r.values;
    if (!values) return;
    attempt(subject, r.stream, 'rules', () => checkRules(form, values, tierOf(r.key.unitCode)));
    attempt(subject, r.stream, 'sources', () =>
      r.source ? checkSources(form.code, { source: r.source, values }, [...(r.sources?.values() ?? [])], sources) : [],
    );
    attempt(subject, r.stream, 'history', () => historyFindings(form, r));
  }

  function historyFindings(form: FormDefinition, r: ReportRecord): Finding[] {
    const perYear = periodsPerYear(form.periodType);
    const findings: Finding[] = [];
    const short: { indicator: string; points: number }[] = [];
    const ownSeries = ownHistory(form, r, historyReach(perYear) - 1);
    for (const indicator of reportedIndicators(form).filter((i) => i.kind === 'flow')) {
      const { value, earlier } = ownSeries(indicator.code);
      if (value === undefined) continue;
      const points = earlier.slice(1, referenceLength(perYear) + 1).filter((v) => v !== undefined).length;
      if (points < MIN_HISTORY) short.push({ indicator: indicator.code, points });
      else
        findings.push(
          ...checkOwnHistory(indicator.code, value, {
            earlier,
            periodsPerYear: perYear,
            counts: indicator.valueType === 'integer',
          }),
        );
    }
    if (short.length)
      findings.push(
        notEnoughHistory(
          Math.min(...short.map((s) => s.points)),
          short.map((s) => s.indicator),
        ),
      );
    return findings;
  }

  function evaluateGroup(g: UnitGroup) {
    const form = catalogue.get(g.form);
    const members = model.members(g).filter((r) => r.values);
    const indicators = reportedIndicators(form);
    const flows = indicators.filter((i) => i.kind === 'flow');
    const parentKey: ReportKey = { form: g.form, unitCode: g.parent, period: g.period };
    const perYear = periodsPerYear(form.periodType);
    // The parent's total of a period: its own report where it has one, else the sum of its children's.
    const totals = new Map<string, Decimal | undefined>();
    const parentTotal = (indicator: string, offset: number): Decimal | undefined => {
      const memo = `${indicator}|${offset}`;
      if (totals.has(memo)) return totals.get(memo);
      const period = periods.shift(g.period, -offset);
      let total = periodValue(form, { ...parentKey, period }, indicator);
      if (total === undefined) {
        const values = members
          .map((m) => periodValue(form, { ...m.key, period }, indicator))
          .filter((v) => v !== undefined);
        total = values.length ? values.reduce((s, v) => s.plus(v), new Decimal(0)) : undefined;
      }
      totals.set(memo, total);
      return total;
    };
    let peers: Map<ReportRecord, Finding[]> | undefined;
    let peersFailed: unknown;
    try {
      peers = peerFindings(
        g,
        members,
        flows.map((i) => i.code),
      );
    } catch (error) {
      peersFailed = error;
    }
    for (const member of members) {
      const subject = qualityStreamOf(member.stream);
      attempt(subject, member.stream, 'peers', () => {
        if (!peers) throw peersFailed;
        return peers.get(member)!;
      });
      attempt(subject, member.stream, 'consistency', () =>
        flows.flatMap((indicator) =>
          checkMemberConsistency(
            indicator.code,
            (k) => periodValue(form, { ...member.key, period: periods.shift(g.period, -k) }, indicator.code),
            (k) => parentTotal(indicator.code, k),
            perYear,
            indicator.valueType === 'integer',
          ),
        ),
      );
    }
    const own = model.report(parentKey);
    if (own?.values) {
      const ownValues = own.values;
      const expected = model.childrenOf(g.parent).filter((c) => isReportingUnit(form, c)).length;
      attempt(qualityStreamOf(own.stream), own.stream, 'hierarchy', () =>
        indicators.flatMap((i) => {
          const value = ownValues[i.code];
          if (value === undefined) return [];
          return checkHierarchy(i.code, value, { values: members.map((m) => m.values![i.code] ?? '0'), expected });
        }),
      );
    }
  }

  /** The peer check of every member of a group, by flow indicator (small counts are too coarse for it). */
  function peerFindings(
    g: UnitGroup,
    members: readonly ReportRecord[],
    flows: readonly string[],
  ): Map<ReportRecord, Finding[]> {
    const previous = periods.shift(g.period, -1);
    const findings = new Map<ReportRecord, Finding[]>(members.map((m) => [m, []]));
    for (const indicator of flows) {
      const value = (r: ReportRecord | undefined) =>
        r?.values?.[indicator] === undefined ? undefined : Number(r.values[indicator]);
      const before = () => members.map((m) => value(model.report({ ...m.key, period: previous })));
      checkPeerGroup(indicator, members.map(value), before).forEach((found, i) =>
        findings.get(members[i]!)!.push(...found),
      );
    }
    return findings;
  }

  function evaluateWindow(w: DigitWindow) {
    const form = catalogue.get(w.form);
    const months = monthsOf(parsePeriod(w.window)).map(formatPeriod);
    const villages = months
      .flatMap((m) => model.inDistrict(w.form, w.district, m))
      .filter((r) => r.values && tierOf(r.key.unitCode) === 'village');
    attempt(digitWindowStream(w), undefined, 'benford', () =>
      reportedIndicators(form)
        .filter((i) => i.digitScreening)
        .flatMap((i) => {
          const values = villages.flatMap((r) =>
            r.values![i.code] === undefined ? [] : [{ unit: r.key.unitCode, value: r.values![i.code]! }],
          );
          return checkFabrication(i.code, values, { district: w.district, window: w.window });
        }),
    );
  }

  return {
    /** The findings the changed reports, groups and windows should now have; `failures` lists checks that threw. */
    evaluate(dirty: DirtySubjects): { desired: DesiredFindings; failures: CheckFailure[] } {
      desired.clear();
      failures.length = 0;
      for (const stream of dirty.reports) evaluateReport(model.reports.get(stream)!);
      for (const group of dirty.groups) evaluateGroup(group);
      for (const window of dirty.windows) evaluateWindow(window);
      return { desired: new Map(desired), failures: [...failures] };
    },
  };
}
