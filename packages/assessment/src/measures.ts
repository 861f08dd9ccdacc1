import type { Figure } from '@statledger/read-models';
import type { ReportFacts } from './facts.ts';
import type { LedgerMeasure, Measure } from './scheme.ts';

/** What a unit's measures are computed from: its reports' facts (all, or a resample), its figures per form, its warnings. */
export interface MemberInputs {
  reports: readonly ReportFacts[];
  figures: ReadonlyMap<string, Figure | undefined>;
  fabricationWarnings: number;
}

const per100 = (count: number, of: number) => (of ? (count / of) * 100 : null);
const sum = (reports: readonly ReportFacts[], f: (r: ReportFacts) => number) => reports.reduce((s, r) => s + f(r), 0);
const rate = (part: number, whole: number) => (whole ? (part / whole) * 100 : null);

/** A measure's value for a unit, in the units a statistician reads it in (percent, counts, days, VF deviation in %). */
export function measureValue(measure: Measure, inputs: MemberInputs): number | null {
  const figure = inputs.figures.get(measure.form);
  if (measure.kind === 'figure') {
    const value = figure?.values[measure.indicator] ?? figure?.derived[measure.indicator] ?? null;
    return value === null ? null : Number(value);
  }
  if (measure.kind === 'targetProgress') {
    const progress = figure?.targets?.[measure.indicator]?.progress ?? null;
    return progress === null ? null : Number(progress);
  }
  return ledgerMeasure(
    measure.name,
    inputs.reports.filter((r) => r.form === measure.form),
    figure,
    inputs.fabricationWarnings,
  );
}

function ledgerMeasure(
  name: LedgerMeasure,
  reports: readonly ReportFacts[],
  figure: Figure | undefined,
  warnings: number,
): number | null {
  const recounted = reports.filter((r) => r.recount);
  switch (name) {
    case 'completenessRate':
      return figure ? rate(figure.received, figure.expected) : null;
    case 'timelinessRate':
      return figure ? rate(figure.onTime, figure.expected) : null;
    case 'errorFindingsPer100':
      return per100(
        sum(reports, (r) => r.errorsRaised),
        reports.length,
      );
    case 'openErrorFindings':
      return sum(reports, (r) => r.openErrors);
    case 'revisedPer100':
      return per100(reports.filter((r) => r.revised).length, reports.length);
    case 'sourceConflicts':
      return sum(reports, (r) => r.sourceConflicts);
    case 'fabricationWarnings':
      return warnings;
    case 'spotCheckVfDeviation': {
      const reported = sum(recounted, (r) => r.recount!.reported);
      return reported ? Math.abs(sum(recounted, (r) => r.recount!.recounted) / reported - 1) * 100 : null;
    }
    case 'discrepancyShare':
      return recounted.length
        ? (recounted.filter((r) => r.recount!.discrepancy).length / recounted.length) * 100
        : null;
    case 'explanationsDisproved':
      return sum(reports, (r) => r.explanationsDisproved);
    case 'returnAnswerDays': {
      const days = reports.flatMap((r) => r.returnAnswerDays);
      return days.length ? days.reduce((s, d) => s + d, 0) / days.length : null;
    }
  }
}
