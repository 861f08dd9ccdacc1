import {
  asDomainEvent,
  createDeadlineMemo,
  isAtOrBefore,
  reportStatusAfter,
  type FormCatalogue,
  type FiledReportStatus,
  type Tier,
  type UnitCode,
} from '@statledger/domain';
import type { DataFields, RecordedEvent } from '@statledger/event-store';
import type { ContributingReport } from './rollup.ts';
import { createSubtotalBook } from './subtotal-book.ts';
import { subtotalKey, subtotalKeyPrefix, type Subtotal } from './subtotals.ts';

/** Whether a source is the one whose value of a denominator (GDP, population) the read models take. */
export type DenominatorSource = (form: string, indicator: string, sourceType: string) => boolean;

export interface LedgerReport extends ContributingReport {
  form: string;
  everApproved: boolean;
  /** Log position of the event the values come from: the submission, or the last correction. */
  valuesAt: string;
  /** Where the report stands, as the report decider's evolve has it. */
  status: FiledReportStatus;
  /** The report stream's last revision: what a change to it names as its expected revision. */
  revision: number;
}

/**
 * Key → value state besides reports and units; a projection keeps one table per kind. Subtotals are kept by the
 * projector only (a fold of the log for a question sums the reports themselves).
 */
export const LEDGER_ENTRY_KINDS = ['denominators', 'targets', 'attributes', 'subtotals'] as const;
export type LedgerEntryKind = (typeof LEDGER_ENTRY_KINDS)[number];

const denominatorKey = (form: string, unit: string, period: string, indicator: string) =>
  `${form}|${unit}|${period}|${indicator}`;
const targetKey = (form: string, indicator: string, unit: string, year: number | string) =>
  `${form}|${indicator}|${unit}|${year}`;
const attributeKey = (unit: string, attribute: string) => `${unit}|${attribute}`;

/**
 * The rows a question needs: one form's reports, optionally only those of units under a unit (its code's short
 * form) and of some periods; or, with `subtotalTiers`, the subtotals of those tiers' units instead of the reports.
 * A projector restores everything; a statistics query only its unit and periods.
 */
export interface LedgerScope {
  form: string;
  unitPrefix?: string;
  periods?: readonly string[];
  subtotalTiers?: readonly Tier[];
}

/**
 * The common starts of the keys of a kind's entries that a question in `scope` can use: denominators and attributes
 * of units under its unit, every target of the form, the subtotals it asks for (none unless it asks).
 */
export function entryKeyPrefixes(kind: LedgerEntryKind, scope: LedgerScope): string[] {
  const unitPrefix = scope.unitPrefix ?? '';
  if (kind === 'denominators') return [`${scope.form}|${unitPrefix}`];
  if (kind === 'targets') return [`${scope.form}|`];
  if (kind === 'attributes') return [unitPrefix];
  return (scope.subtotalTiers ?? []).flatMap((tier) =>
    (scope.periods ?? []).map((period) => subtotalKeyPrefix(scope.form, period, tier, unitPrefix)),
  );
}

/**
 * The fields of these events' data the ledger reads, for a store to leave the rest unparsed: a finding's evidence and
 * message are most of a log's text, and the ledger needs only which report it is open on.
 */
export const LEDGER_DATA_FIELDS: DataFields = {
  QualityFindingRaised: ['findingId', 'report'],
  QualityFindingResolved: ['findingId', 'report'],
};

/** What changed since the last drain, for a projection that persists only changed rows. */
export interface LedgerChanges {
  /** Changed reports' records, by stream. */
  reports: Map<string, LedgerReport>;
  units: Set<UnitCode>;
  denominators: Set<string>;
  targets: Set<string>;
  attributes: Set<string>;
  subtotals: Set<string>;
}

const noChanges = (): LedgerChanges => ({
  reports: new Map(),
  units: new Set(),
  denominators: new Set(),
  targets: new Set(),
  attributes: new Set(),
  subtotals: new Set(),
});

/**
 * The read models' fold of the log: each report's current values and where it stands, its open findings,
 * the denominators published by their authoritative source, and the registered units. Fed a prefix of the
 * log (up to a position or an instant), it gives the figures as they stood then.
 */
export function createReportLedger(catalogue: FormCatalogue, isDenominatorSource: DenominatorSource) {
  const deadlineOf = createDeadlineMemo(catalogue);
  const reports = new Map<string, LedgerReport>();
  /** The report each open finding is on, by finding. */
  const findingReports = new Map<string, string>();
  /** Each report's open findings, by report; reports without any are not kept. */
  const openFindings = new Map<string, string[]>();
  /** Closes a finding on the report it is open on, if it is open: that report's row, which lists it, changes. */
  const closeFinding = (findingId: string) => {
    const report = findingReports.get(findingId);
    if (report === undefined) return;
    findingReports.delete(findingId);
    const open = openFindings.get(report)!;
    open.splice(open.indexOf(findingId), 1);
    if (!open.length) openFindings.delete(report);
    const r = reports.get(report)!;
    r.openFindings--;
    changes.reports.set(report, r);
  };
  const openFinding = (findingId: string, report: string, r: LedgerReport) => {
    findingReports.set(findingId, report);
    (openFindings.get(report) ?? openFindings.set(report, []).get(report)!).push(findingId);
    r.openFindings++;
  };
  const units = new Set<UnitCode>();
  /** Denominator key (form, unit, period, indicator) → the value its authoritative source published. */
  const denominators = new Map<string, string>();
  /** Target key (form, indicator, unit, year) → the target in force. */
  const targets = new Map<string, string>();
  /** Attribute key (unit, attribute) → values by first day of validity. */
  const attributes = new Map<string, { validFrom: string; value: string }[]>();
  /** Subtotal key (form, period, tier, unit) → what the unit's leaves' reports add up to: the projector's. */
  const subtotals = new Map<string, Subtotal>();
  const entries: Record<LedgerEntryKind, Map<string, unknown>> = { denominators, targets, attributes, subtotals };
  let changes = noChanges();
  const book = createSubtotalBook(catalogue, subtotals, {
    reports: () => reports.values(),
    units: () => units,
    isRegistered: (unit) => units.has(unit),
  });

  function apply(recorded: RecordedEvent): void {
    const event = asDomainEvent(recorded);
    if (!event) return;
    switch (event.type) {
      case 'UnitRegistered':
        units.add(event.data.code);
        changes.units.add(event.data.code);
        return;
      case 'ReportSubmitted': {
        const key = event.data;
        const onTime = isAtOrBefore(event.recordedAt, deadlineOf(key));
        const record: LedgerReport = {
          form: key.form,
          unitCode: key.unitCode,
          period: key.period,
          values: key.values,
          valuesAt: event.position,
          approved: false,
          revised: false,
          everApproved: false,
          openFindings: 0,
          onTime,
          status: 'submitted',
          revision: Number(event.revision),
        };
        reports.set(event.stream, record);
        changes.reports.set(event.stream, record);
        return;
      }
      case 'ReportCorrected':
      case 'ReportApproved':
      case 'ReportReturned':
      case 'ReportReopened': {
        const r = reports.get(event.stream);
        if (!r) return;
        if (event.type === 'ReportCorrected') {
          r.values = event.data.values;
          r.valuesAt = event.position;
          // A correction after an approval revises figures that may already have been published.
          if (r.everApproved) r.revised = true;
        }
        r.approved = event.type === 'ReportApproved';
        if (event.type === 'ReportApproved') r.everApproved = true;
        r.status = reportStatusAfter(r.status, event.type);
        r.revision = Number(event.revision);
        changes.reports.set(event.stream, r);
        return;
      }
      case 'QualityFindingRaised':
      case 'QualityFindingResolved': {
        const { report, findingId } = event.data;
        if (report === undefined) return;
        const r = reports.get(report);
        if (!r) return;
        // A finding is open on one report at most: raised again on another, it moves there. Its report's row,
        // which lists it, is written again.
        if (event.type === 'QualityFindingRaised' && findingReports.get(findingId) === report) return;
        closeFinding(findingId);
        if (event.type === 'QualityFindingResolved') return;
        openFinding(findingId, report, r);
        changes.reports.set(report, r);
        return;
      }
      case 'UnitAttributeSet': {
        const { code, attribute, validFrom, value } = event.data;
        const key = attributeKey(code, attribute);
        const list = (attributes.get(key) ?? []).filter((a) => a.validFrom !== validFrom);
        list.push({ validFrom, value });
        attributes.set(
          key,
          list.sort((a, b) => a.validFrom.localeCompare(b.validFrom)),
        );
        changes.attributes.add(key);
        return;
      }
      case 'TargetSet':
      case 'TargetRevised': {
        const { form, indicator, unitCode, year, value } = event.data;
        const key = targetKey(form, indicator, unitCode, year);
        targets.set(key, value);
        changes.targets.add(key);
        return;
      }
      case 'SourceValuesReported': {
        const { form, unitCode, period, source, values } = event.data;
        for (const [indicator, value] of Object.entries(values)) {
          if (!isDenominatorSource(form, indicator, source.type)) continue;
          const key = denominatorKey(form, unitCode, period, indicator);
          denominators.set(key, value);
          changes.denominators.add(key);
        }
        return;
      }
    }
  }

  return {
    apply,
    /** Takes what changed since the last call, with the subtotals those changes moved (brought up to date now). */
    drainChanges(): LedgerChanges {
      const drained = changes;
      changes = noChanges();
      for (const key of book.settle({ reports: drained.reports.values(), units: drained.units }))
        drained.subtotals.add(key);
      return drained;
    },
    report: (stream: string) => reports.get(stream),
    /** A report's open findings; its row lists them in code order. */
    openFindingsOf: (stream: string): readonly string[] => openFindings.get(stream) ?? [],
    entry: (kind: LedgerEntryKind, key: string) => entries[kind].get(key),
    /** The attribute's value in force on `day` (YYYY-MM-DD). */
    attribute: (unit: UnitCode, name: string, day: string) =>
      attributes
        .get(attributeKey(unit, name))
        ?.filter((a) => a.validFrom <= day)
        .at(-1)?.value,
    target: (form: string, indicator: string, unit: UnitCode, year: number) =>
      targets.get(targetKey(form, indicator, unit, year)),
    /** Indicators of the form with a target for some unit, sorted. */
    targetsOf: (form: string) =>
      [...new Set([...targets.keys()].filter((k) => k.startsWith(`${form}|`)).map((k) => k.split('|')[1]!))].sort(),
    /** Restores persisted rows (a projection's tables) without counting them as changes; open findings as [finding, report]. */
    restore(rows: {
      units: UnitCode[];
      reports: [string, LedgerReport][];
      openFindings: [string, string][];
      entries: Record<LedgerEntryKind, [string, unknown][]>;
    }) {
      rows.units.forEach((u) => units.add(u));
      for (const [stream, r] of rows.reports) {
        // Counted from the open findings below.
        r.openFindings = 0;
        reports.set(stream, r);
      }
      for (const [finding, report] of rows.openFindings) {
        const r = reports.get(report);
        if (r && !findingReports.has(finding)) openFinding(finding, report, r);
      }
      for (const kind of LEDGER_ENTRY_KINDS)
        rows.entries[kind].forEach(([key, value]) => entries[kind].set(key, value));
    },
    units: () => [...units],
    reportsOf: (form: string): LedgerReport[] => [...reports.values()].filter((r) => r.form === form),
    denominator: (form: string, unit: UnitCode, period: string, name: string) =>
      denominators.get(denominatorKey(form, unit, period, name)),
    /** What the unit's leaves' reports of the form and period add up to, as the projector last summed them. */
    subtotal: (form: string, unit: UnitCode, period: string) => subtotals.get(subtotalKey(form, period, unit)),
  };
}

export type ReportLedger = ReturnType<typeof createReportLedger>;
