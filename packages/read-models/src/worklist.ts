import {
  createDeadlineMemo,
  isReportingUnit,
  reportStreamName,
  shortForm,
  type FormCatalogue,
  type UnitCode,
} from '@statledger/domain';
import type { ProjectionStore } from './projection-store.ts';
import { createReportLedger, type DenominatorSource, type LedgerReport } from './report-ledger.ts';

/** Where one unit's report for the period stands: its report's status, or due / overdue when there is none. */
export interface WorkItem {
  unit: UnitCode;
  reportId: string;
  status: LedgerReport['status'] | 'due' | 'overdue';
  /** What a change names as its expected revision; null before the report exists. */
  revision: number | null;
  openFindings: number;
  onTime: boolean | null;
  /** Corrected after it was first approved: figures already passed on may have changed. */
  revised: boolean;
}

export interface WorklistQuery {
  form: string;
  period: string;
  /** The units the list is for: the expected reporters, and any other unit whose report is in the projection. */
  units: readonly UnitCode[];
  /** The root of the subtree, to narrow what is read. */
  under: UnitCode;
  now: Date;
}

/**
 * The work list of a period: for each unit of the subtree that reports the form, its report as the projection has it,
 * or due (before the deadline) / overdue (after it) when it has none yet. In unit order.
 */
export interface Worklist {
  form: string;
  period: string;
  /** The deadline of the subtree's root for the period (ISO instant). */
  deadline: string;
  items: WorkItem[];
}

export async function worklistOf(
  projections: ProjectionStore,
  catalogue: FormCatalogue,
  isDenominatorSource: DenominatorSource,
  query: WorklistQuery,
): Promise<Worklist> {
  const form = catalogue.get(query.form);
  const ledger = createReportLedger(catalogue, isDenominatorSource);
  await projections.restore(ledger, { form: query.form, unitPrefix: shortForm(query.under), periods: [query.period] });
  const deadlineOf = createDeadlineMemo(catalogue);
  const items = new Map<UnitCode, WorkItem>();
  for (const unit of query.units) {
    if (!isReportingUnit(form, unit)) continue;
    const reportId = reportStreamName({ form: query.form, unitCode: unit, period: query.period });
    const report = ledger.report(reportId);
    const late =
      query.now.getTime() > Date.parse(deadlineOf({ form: query.form, unitCode: unit, period: query.period }));
    items.set(unit, {
      unit,
      reportId,
      status: report?.status ?? (late ? 'overdue' : 'due'),
      revision: report?.revision ?? null,
      openFindings: report?.openFindings ?? 0,
      onTime: report?.onTime ?? null,
      revised: report?.revised ?? false,
    });
  }
  const deadline = deadlineOf({ form: query.form, unitCode: query.under, period: query.period });
  return {
    form: query.form,
    period: query.period,
    deadline,
    items: [...items.values()].sort((a, b) => (a.unit < b.unit ? -1 : 1)),
  };
}
