import type { IndicatorValues, UnitCode } from '@statledger/domain';
import type { AggregateRow } from './projection-store.ts';
import { LEDGER_ENTRY_KINDS, type LedgerEntryKind, type LedgerReport } from './report-ledger.ts';

/** The columns of a report's row, in order, as every projection adapter stores them. */
export const REPORT_COLUMNS = [
  'stream',
  'form',
  'unit_code',
  'period',
  'values_at',
  'report_values',
  'approved',
  'revised',
  'ever_approved',
  'on_time',
  'status',
  'revision',
  'open_findings',
] as const;

export type ReportRow = [
  stream: string,
  form: string,
  unitCode: string,
  period: string,
  valuesAt: string,
  values: string,
  approved: 0 | 1,
  revised: 0 | 1,
  everApproved: 0 | 1,
  onTime: 0 | 1,
  status: LedgerReport['status'],
  revision: number,
  /** Its open findings' ids in code order, separated by spaces. */
  openFindings: string,
];

const flag = (value: boolean): 0 | 1 => (value ? 1 : 0);

/** A report's row: the ledger's record with its values as JSON, and its open findings. */
export function reportRow(stream: string, r: LedgerReport, openFindings: readonly string[]): ReportRow {
  const flags = [flag(r.approved), flag(r.revised), flag(r.everApproved), flag(r.onTime)] as const;
  const findings = openFindings.length > 1 ? [...openFindings].sort().join(' ') : (openFindings[0] ?? '');
  const values = JSON.stringify(r.values);
  return [stream, r.form, r.unitCode, r.period, r.valuesAt, values, ...flags, r.status, r.revision, findings];
}

/** A report row's open findings, as the ledger restores them: [finding, report]. */
export function openFindingsOfRow(row: ReportRow): [finding: string, report: string][] {
  const findings = row[12];
  return findings ? findings.split(' ').map((finding) => [finding, row[0]]) : [];
}

/** The ledger's record of a report's row; its open findings are counted when the ledger restores them. */
export function reportOfRow([
  ,
  form,
  unitCode,
  period,
  valuesAt,
  values,
  approved,
  revised,
  everApproved,
  onTime,
  status,
  revision,
]: ReportRow): LedgerReport {
  return {
    form,
    unitCode: unitCode as UnitCode,
    period,
    values: JSON.parse(values) as IndicatorValues,
    valuesAt,
    approved: approved === 1,
    revised: revised === 1,
    everApproved: everApproved === 1,
    onTime: onTime === 1,
    openFindings: 0,
    status,
    revision: Number(revision),
  };
}

/** Every row of a projection, each kind in key order. */
export interface ProjectionRows {
  units: string[];
  reports: ReportRow[];
  entries: Record<LedgerEntryKind, [key: string, value: string][]>;
  aggregates: AggregateRow[];
}

/** A projection as text, one line per row: two projections of the same log, in any store, give the same text. */
export function dumpText(rows: ProjectionRows): string {
  const lines = [
    ...rows.units.map((code) => `unit ${code}`),
    ...rows.reports.map((row) => `report ${row.join(' ')}`),
    ...LEDGER_ENTRY_KINDS.flatMap((kind) => rows.entries[kind].map(([key, value]) => `${kind} ${key} ${value}`)),
    ...rows.aggregates.map(([key, revision, position]) => `aggregate ${key} ${revision} ${position}`),
  ];
  return `${lines.join('\n')}\n`;
}
