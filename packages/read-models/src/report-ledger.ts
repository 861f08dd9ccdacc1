import { createDeadlineMemo, type FormCatalogue, type IndicatorValues, type ReportKey, type UnitCode } from '@statledger/domain';
import type { RecordedEvent } from '@statledger/event-store';
import type { ContributingReport } from './rollup.ts';

/** Whether a source is the one whose value of a denominator (GDP, population) the read models take. */
export type DenominatorSource = (form: string, indicator: string, sourceType: string) => boolean;

export interface LedgerReport extends ContributingReport {
  form: string;
  everApproved: boolean;
  findings: Set<string>;
}

/** Key → value state besides reports and units; a projection keeps one table per kind. */
export const LEDGER_ENTRY_KINDS = ['denominators', 'targets', 'attributes'] as const;
export type LedgerEntryKind = (typeof LEDGER_ENTRY_KINDS)[number];

/** What changed since the last drain, for a projection that persists only changed rows. */
export interface LedgerChanges {
  reports: Set<string>;
  units: Set<UnitCode>;
  denominators: Set<string>;
  targets: Set<string>;
  attributes: Set<string>;
  /** Findings opened (true) or closed (false), by finding id, with their report: the last word in the batch counts. */
  findings: Map<string, { report: string; open: boolean }>;
}

const noChanges = (): LedgerChanges => ({ reports: new Set(), units: new Set(), denominators: new Set(), targets: new Set(), attributes: new Set(), findings: new Map() });

/**
 * The read models' fold of the log: each report's current values and where it stands, its open findings,
 * the denominators published by their authoritative source, and the registered units. Fed a prefix of the
 * log (up to a position or an instant), it gives the figures as they stood then.
 */
export function createReportLedger(catalogue: FormCatalogue, isDenominatorSource: DenominatorSource) {
  const deadlineOf = createDeadlineMemo(catalogue);
  const reports = new Map<string, LedgerReport>();
  const units = new Set<UnitCode>();
  /** `form|unit|period|indicator` → the value its authoritative source published. */
  const denominators = new Map<string, string>();
  /** `form|indicator|unit|year` → the target in force. */
  const targets = new Map<string, string>();
  /** `unit|attribute` → values by first day of validity. */
  const attributes = new Map<string, { validFrom: string; value: string }[]>();
  const entries: Record<LedgerEntryKind, Map<string, unknown>> = { denominators, targets, attributes };
  let changes = noChanges();

  function apply(event: RecordedEvent): void {
    const touched = applyEvent(event);
    if (touched) (changes[touched.kind] as Set<string>).add(touched.key);
  }

  function applyEvent(event: RecordedEvent): { kind: Exclude<keyof LedgerChanges, 'findings'>; key: string } | undefined {
    const data = event.data as Record<string, unknown>;
    switch (event.type) {
      case 'UnitRegistered':
        units.add(data.code as UnitCode);
        return { kind: 'units', key: data.code as string };
      case 'ReportSubmitted': {
        const key = data as unknown as ReportKey;
        const onTime = Date.parse(event.recordedAt) <= Date.parse(deadlineOf(key));
        reports.set(event.stream, { form: key.form, unitCode: key.unitCode, period: key.period, values: data.values as IndicatorValues, approved: false, revised: false, everApproved: false, openFindings: 0, onTime, findings: new Set() });
        return { kind: 'reports', key: event.stream };
      }
      case 'ReportCorrected':
      case 'ReportApproved':
      case 'ReportReturned':
      case 'ReportReopened': {
        const r = reports.get(event.stream);
        if (!r) return;
        if (event.type === 'ReportCorrected') {
          r.values = data.values as IndicatorValues;
          // A correction after an approval revises figures that may already have been published.
          if (r.everApproved) r.revised = true;
        }
        r.approved = event.type === 'ReportApproved';
        if (event.type === 'ReportApproved') r.everApproved = true;
        return { kind: 'reports', key: event.stream };
      }
      case 'QualityFindingRaised':
      case 'QualityFindingResolved': {
        const r = typeof data.report === 'string' ? reports.get(data.report) : undefined;
        if (!r) return;
        const open = event.type === 'QualityFindingRaised';
        if (open) r.findings.add(data.findingId as string);
        else r.findings.delete(data.findingId as string);
        r.openFindings = r.findings.size;
        // A finding is its own row: the report's row, far larger, is not rewritten for it.
        changes.findings.set(data.findingId as string, { report: data.report as string, open });
        return undefined;
      }
      case 'UnitAttributeSet': {
        const key = `${data.code}|${data.attribute}`;
        const list = (attributes.get(key) ?? []).filter((a) => a.validFrom !== data.validFrom);
        list.push({ validFrom: data.validFrom as string, value: data.value as string });
        attributes.set(key, list.sort((a, b) => a.validFrom.localeCompare(b.validFrom)));
        return { kind: 'attributes', key };
      }
      case 'TargetSet':
      case 'TargetRevised': {
        const key = `${data.form}|${data.indicator}|${data.unitCode}|${data.year}`;
        targets.set(key, data.value as string);
        return { kind: 'targets', key };
      }
      case 'SourceValuesReported': {
        const source = data.source as { type: string };
        for (const [indicator, value] of Object.entries(data.values as IndicatorValues)) {
          if (!isDenominatorSource(data.form as string, indicator, source.type)) continue;
          const key = `${data.form}|${data.unitCode}|${data.period}|${indicator}`;
          denominators.set(key, value);
          changes.denominators.add(key);
        }
        return undefined;
      }
    }
  }

  return {
    apply,
    /** Takes what changed since the last call. */
    drainChanges(): LedgerChanges {
      const drained = changes;
      changes = noChanges();
      return drained;
    },
    report: (stream: string) => reports.get(stream),
    entry: (kind: LedgerEntryKind, key: string) => entries[kind].get(key),
    /** The attribute's value in force on `day` (YYYY-MM-DD). */
    attribute: (unit: UnitCode, name: string, day: string) => attributes.get(`${unit}|${name}`)?.filter((a) => a.validFrom <= day).at(-1)?.value,
    target: (form: string, indicator: string, unit: UnitCode, year: number) => targets.get(`${form}|${indicator}|${unit}|${year}`),
    /** Indicators of the form with a target for some unit, sorted. */
    targetsOf: (form: string) => [...new Set([...targets.keys()].filter((k) => k.startsWith(`${form}|`)).map((k) => k.split('|')[1]!))].sort(),
    /** Restores persisted rows (a projection's tables) without counting them as changes. */
    restore(rows: { units: UnitCode[]; reports: [string, LedgerReport][]; entries: Record<LedgerEntryKind, [string, unknown][]> }) {
      rows.units.forEach((u) => units.add(u));
      rows.reports.forEach(([stream, r]) => reports.set(stream, r));
      for (const kind of LEDGER_ENTRY_KINDS) rows.entries[kind].forEach(([key, value]) => entries[kind].set(key, value));
    },
    units: () => [...units],
    reportsOf: (form: string): ContributingReport[] => [...reports.values()].filter((r) => r.form === form),
    denominator: (form: string, unit: UnitCode, period: string, name: string) => denominators.get(`${form}|${unit}|${period}|${name}`),
  };
}

export type ReportLedger = ReturnType<typeof createReportLedger>;
