import {
  asDomainEvent,
  containingPeriod,
  createDeadlineMemo,
  formatPeriod,
  parentOf,
  periodsPerYear,
  parseReportStreamName,
  reportStreamName,
  monthsOf,
  type FormCatalogue,
  type IndicatorValues,
  type ReportKey,
  type Source,
  type FindingRef,
  type TypedEvent,
  type UnitCode,
} from '@statledger/domain';
import type { RecordedEvent } from '@statledger/event-store';
import type { SourceStatement } from './checks/sources.ts';
import { createPeriodMemo } from './period-memo.ts';
import { historyReach } from './checks/history.ts';
import { findingKey, type CheckFamily } from './finding.ts';

export interface ReportRecord {
  key: ReportKey;
  stream: string;
  deadline: string;
  values?: IndicatorValues;
  source?: Source;
  firstSubmittedAt?: string;
  overdueAt?: string;
  /** Other sources' statements by stream; absent until the first (most reports never have one). */
  sources?: Map<string, SourceStatement>;
  /** The unit's reports of this form, this one among them: its history is found without building keys. */
  series: ReportRecord[];
}

/** The report of the same unit and form for `period`, if there is one. */
export const inSeries = (r: ReportRecord, period: string): ReportRecord | undefined =>
  r.series.find((other) => other.key.period === period);

/** A set of units compared with each other: the children of one parent, for one form and period. */
export interface UnitGroup {
  form: string;
  parent: UnitCode;
  period: string;
}

/** A district's village values of one form over one quarter: the fabrication screen's population. */
export interface DigitWindow {
  form: string;
  district: UnitCode;
  window: string;
}

/** A district's digit screen of a quarter: `quality-benford-{form}-{district}-{window}`. */
export function digitWindowStream(w: DigitWindow): string {
  return `quality-benford-${w.form}-${w.district}-${w.window}`;
}

/** The digit window a screen's stream is of; null for any other stream. */
export function parseDigitWindowStream(stream: string): DigitWindow | null {
  const match = /^quality-benford-([a-z][a-z0-9_]*)-(\d{12})-(\d{4}-Q\d)$/.exec(stream);
  return match ? { form: match[1]!, district: match[2] as UnitCode, window: match[3]! } : null;
}

/** What must be checked again: single reports, groups of siblings, and districts' digit windows. */
export interface DirtySubjects {
  reports: string[];
  groups: UnitGroup[];
  windows: DigitWindow[];
}

/**
 * The events the model folds; the worker reads only these (its own findings are not among them). `apply`
 * switches over this type, so the compiler holds the list and the cases to each other.
 */
export const QUALITY_INPUTS = [
  'UnitRegistered',
  'ReportSubmitted',
  'ReportCorrected',
  'SourceValuesReported',
  'ReportOverdue',
  'DeadlinePassed',
  'FindingExplanationAccepted',
  'FindingReopened',
] as const;
export type QualityInput = (typeof QUALITY_INPUTS)[number];
const isQualityInput = (type: string): type is QualityInput => (QUALITY_INPUTS as readonly string[]).includes(type);

const NO_SERIES: ReportRecord[] = [];

/** A value confirmed by an accepted explanation: the checks do not flag it again (see `isConfirmed`). */
interface Confirmation {
  findingId: string;
  scope: 'value' | 'structural';
  value?: string | undefined;
  period?: string | undefined;
}

const groupId = (g: UnitGroup) => `${g.form}|${g.parent}|${g.period}`;
const windowId = (w: DigitWindow) => `${w.form}|${w.district}|${w.window}`;

/**
 * What the quality checks read, folded from the log in order: reports and their values, other sources'
 * statements, registered units, overdue sweeps and closed periods. `apply` also notes what must be re-checked.
 */
export function createQualityModel(catalogue: FormCatalogue, options: { structuralTolerance?: number } = {}) {
  const structuralTolerance = options.structuralTolerance ?? 0.2;
  // Confirmations by subject and line, and structural ones by form, unit and line (they reach later periods).
  const confirmed = new Map<string, Map<string, Confirmation>>();
  const structural = new Map<string, Confirmation[]>();
  const reports = new Map<string, ReportRecord>();
  const deadlineOf = createDeadlineMemo(catalogue);
  // Indexes, so a group or window is found without scanning every report.
  const byGroup = new Map<string, Set<ReportRecord>>();
  const byFormPeriod = new Map<string, Set<ReportRecord>>();
  const byDistrictMonth = new Map<string, Set<ReportRecord>>();
  // Form, then unit: a series is found from strings the key already holds, no key text built and kept per report.
  const seriesByForm = new Map<string, Map<UnitCode, ReportRecord[]>>();
  const add = (index: Map<string, Set<ReportRecord>>, key: string, r: ReportRecord) =>
    (index.get(key) ?? index.set(key, new Set()).get(key)!).add(r);
  const children = new Map<UnitCode, Set<UnitCode>>();
  const closed = new Set<string>();
  const dirtyReports = new Set<string>();
  const dirtyGroups = new Map<string, UnitGroup>();
  const dirtyWindows = new Map<string, DigitWindow>();
  let lastPosition: string | undefined;
  const periods = createPeriodMemo();

  /** The report's record, made on first sight; `stream` is the event's own (flat) text where it is the report's stream. */
  function record(key: ReportKey, stream = reportStreamName(key)): ReportRecord {
    let r = reports.get(stream);
    if (!r) {
      const units = seriesByForm.get(key.form) ?? seriesByForm.set(key.form, new Map()).get(key.form)!;
      const series = units.get(key.unitCode);
      // Every field set here, so all records share one shape; a new series is sized for its first report.
      r = {
        key,
        stream,
        deadline: deadlineOf(key),
        values: undefined,
        source: undefined,
        firstSubmittedAt: undefined,
        overdueAt: undefined,
        sources: undefined,
        series: series ?? NO_SERIES,
      };
      if (series) series.push(r);
      else units.set(key.unitCode, (r.series = [r]));
      reports.set(stream, r);
      const parent = parentOf(key.unitCode);
      if (parent) add(byGroup, groupId({ form: key.form, parent, period: key.period }), r);
      add(byFormPeriod, `${key.form}|${key.period}`, r);
      add(byDistrictMonth, `${key.form}|${key.unitCode.slice(0, 6)}|${key.period}`, r);
    }
    return r;
  }

  const isClosed = (form: string, period: string) => closed.has(`${form}|${period}`);

  /** A changed report affects its own checks, its later periods' history checks, and the groups around it. */
  function touch(r: ReportRecord) {
    dirtyReports.add(r.stream);
    const perYear = periodsPerYear(periods.parse(r.key.period).type);
    if (r.series.length > 1) {
      const later = periods.after(r.key.period, historyReach(perYear));
      for (const other of r.series) if (later.includes(other.key.period)) dirtyReports.add(other.stream);
    }
    // Later periods use this one as a baseline (consistency over time): their groups are re-checked too,
    // once periods are closed.
    const baselines = closed.size > 0 ? [0, 1, 2, 3, perYear, 2 * perYear, 3 * perYear] : [];
    for (const k of baselines) {
      const p = periods.shift(r.key.period, k);
      if (isClosed(r.key.form, p)) markGroupsAround(r.key.form, r.key.unitCode, p);
    }
    markWindowOf(r.key);
  }

  /** The unit among its siblings, and (where it has children) its own total against theirs (hierarchy). */
  function markGroupsAround(form: string, unit: UnitCode, period: string) {
    const parent = parentOf(unit);
    if (parent) markGroup({ form, parent, period });
    if (children.has(unit)) markGroup({ form, parent: unit, period });
  }

  function markGroup(group: UnitGroup) {
    dirtyGroups.set(groupId(group), group);
  }

  function markWindowOf(key: ReportKey) {
    // A window is screened once all its months are closed; none is while no period is.
    if (closed.size === 0) return;
    const period = periods.parse(key.period);
    if (period.type !== 'month' || key.unitCode.endsWith('000')) return;
    const window = formatPeriod(containingPeriod(period, 'quarter'));
    if (!monthsOf(periods.parse(window)).every((m) => isClosed(key.form, formatPeriod(m)))) return;
    const district = `${key.unitCode.slice(0, 6)}000000` as UnitCode;
    dirtyWindows.set(windowId({ form: key.form, district, window }), { form: key.form, district, window });
  }

  function apply(recorded: RecordedEvent): void {
    lastPosition = recorded.position;
    if (!isQualityInput(recorded.type)) return;
    const event = asDomainEvent(recorded) as TypedEvent<RecordedEvent, QualityInput>;
    switch (event.type) {
      case 'UnitRegistered': {
        const { code, parentCode } = event.data;
        if (parentCode) (children.get(parentCode) ?? children.set(parentCode, new Set()).get(parentCode)!).add(code);
        return;
      }
      case 'ReportSubmitted':
      case 'ReportCorrected': {
        const key = event.type === 'ReportSubmitted' ? event.data : parseReportStreamName(event.stream);
        if (!key) return;
        const r = record({ form: key.form, unitCode: key.unitCode, period: key.period }, event.stream);
        r.values = event.data.values;
        if (event.type === 'ReportSubmitted') {
          r.firstSubmittedAt = event.recordedAt;
          r.source = event.data.source;
        }
        touch(r);
        return;
      }
      case 'SourceValuesReported': {
        const { form, unitCode, period, source, values } = event.data;
        const r = record({ form, unitCode, period });
        (r.sources ??= new Map()).set(event.stream, { source, values });
        dirtyReports.add(r.stream);
        return;
      }
      case 'ReportOverdue': {
        const { form, unitCode, period } = event.data;
        const r = record({ form, unitCode, period });
        r.overdueAt = event.recordedAt;
        dirtyReports.add(r.stream);
        return;
      }
      case 'DeadlinePassed': {
        const { form, period } = event.data;
        closed.add(`${form}|${period}`);
        for (const r of byFormPeriod.get(`${form}|${period}`) ?? []) {
          markGroupsAround(form, r.key.unitCode, period);
          markWindowOf(r.key);
        }
        return;
      }
      case 'FindingExplanationAccepted': {
        const { findingId, scope, value, period } = event.data;
        return confirm(true, event.data, { findingId, scope, value, period });
      }
      case 'FindingReopened':
        return confirm(false, event.data, { findingId: event.data.findingId, scope: 'value' });
      default: {
        const unhandled: never = event;
        throw new Error(`the quality model reads ${(unhandled as RecordedEvent).type} but does not fold it`);
      }
    }
  }

  /** Notes (or, on reopening, forgets) an accepted explanation, and has its subject checked again. */
  function confirm(accepted: boolean, ref: FindingRef, entry: Confirmation) {
    const { subject } = ref;
    const line = findingKey(ref.family, ref);
    const key = ref.report !== undefined ? parseReportStreamName(ref.report) : null;
    const unitLine = key && `${key.form}|${key.unitCode}|${line}`;
    if (accepted) {
      (confirmed.get(subject) ?? confirmed.set(subject, new Map()).get(subject)!).set(line, entry);
      if (entry.scope === 'structural' && unitLine)
        (structural.get(unitLine) ?? structural.set(unitLine, []).get(unitLine)!).push(entry);
    } else {
      if (confirmed.get(subject)?.get(line)?.findingId === entry.findingId) confirmed.get(subject)!.delete(line);
      if (unitLine)
        structural.set(
          unitLine,
          (structural.get(unitLine) ?? []).filter((c) => c.findingId !== entry.findingId),
        );
    }
    if (key) touch(record(key));
    const window = parseDigitWindowStream(subject);
    if (window) dirtyWindows.set(windowId(window), window);
  }

  /**
   * Whether an accepted explanation covers what a check found: the same value of the same line on the same
   * subject (a line without an indicator: the finding itself); or, accepted as structural in an earlier period,
   * a value of the unit's same line that stays within the tolerance of the accepted one (for year-to-date figures,
   * scaled to the months elapsed).
   */
  function isConfirmed(
    subject: string,
    report: string | undefined,
    family: string,
    finding: { code: string; indicator?: string | undefined },
  ): boolean {
    const line = findingKey(family as CheckFamily, finding);
    const r = report ? reports.get(report) : undefined;
    const current = finding.indicator ? r?.values?.[finding.indicator] : undefined;
    const same = confirmed.get(subject)?.get(line);
    if (same && (same.value === undefined || same.value === current)) return true;
    if (!r || current === undefined) return false;
    const form = catalogue.get(r.key.form);
    for (const c of structural.get(`${r.key.form}|${r.key.unitCode}|${line}`) ?? []) {
      if (c.value === undefined || c.period === undefined || c.period >= r.key.period) continue;
      const scale =
        form.valueBasis === 'year_to_date' ? periods.parse(r.key.period).index / periods.parse(c.period).index : 1;
      const expected = Number(c.value) * scale;
      if (Math.abs(Number(current) - expected) <= structuralTolerance * Math.abs(expected)) return true;
    }
    return false;
  }

  return {
    apply,
    isConfirmed,
    reports,
    isClosed,
    get lastPosition() {
      return lastPosition;
    },
    report: (key: ReportKey) => reports.get(reportStreamName(key)),
    periods,
    /** Reports of the children of `group.parent` for the form and period. */
    members: (group: UnitGroup) => [...(byGroup.get(groupId(group)) ?? [])],
    /** Reports of units within a district (6-digit prefix) for the form and month. */
    inDistrict: (form: string, district: UnitCode, month: string) => [
      ...(byDistrictMonth.get(`${form}|${district.slice(0, 6)}|${month}`) ?? []),
    ],
    childrenOf: (unit: UnitCode) => [...(children.get(unit) ?? [])],
    /** Takes and clears what must be re-checked; `reportsOnly` leaves the groups and windows for later. */
    drainDirty(reportsOnly = false): DirtySubjects {
      const drained = {
        reports: [...dirtyReports],
        groups: reportsOnly ? [] : [...dirtyGroups.values()],
        windows: reportsOnly ? [] : [...dirtyWindows.values()],
      };
      dirtyReports.clear();
      if (!reportsOnly) {
        dirtyGroups.clear();
        dirtyWindows.clear();
      }
      return drained;
    },
    /** How many groups and windows wait for their checks across units. */
    get pendingAcross() {
      return dirtyGroups.size + dirtyWindows.size;
    },
  };
}

export type QualityModel = ReturnType<typeof createQualityModel>;
