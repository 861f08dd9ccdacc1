import { parentOf, shortForm, parsePeriod, periodLastDay, type FormCatalogue, type UnitCode } from '@statledger/domain';
import { readAllPagesUpTo, type EventStore, type AsOf } from '@statledger/event-store';
import { createReportLedger, type DenominatorSource, type ReportLedger } from './report-ledger.ts';
import { periodsWithin, rollUp, type Figure } from './rollup.ts';
import { ratio } from './decimal.ts';
import { rollUpSubtotals } from './subtotals.ts';

/** Where in the log a question is asked: its end, a position, or an instant (the last event recorded at or before it). */
export type { AsOf };

export interface Statistics {
  form: string;
  unit: UnitCode;
  period: string;
  asOf: { position: string | null; instant: string | null };
  figure: Figure | null;
  children: Figure[];
}

/**
 * The figures of a unit and its children for a form and period, from the log as it stood at `asOf`.
 * Folds the log prefix on every call: always right, and the reference the persistent projection is checked against.
 */
export async function statisticsAsOf(
  store: Pick<EventStore, 'readAll'>,
  catalogue: FormCatalogue,
  isDenominatorSource: DenominatorSource,
  query: { form: string; unit: UnitCode; period: string; asOf?: AsOf },
): Promise<Statistics> {
  // An unknown form is refused here, before the log is read.
  catalogue.get(query.form);
  const ledger = createReportLedger(catalogue, isDenominatorSource);
  const asOf = query.asOf;
  let last: { position: string; recordedAt: string } | null = null;
  for await (const page of readAllPagesUpTo(store, asOf)) {
    for (const event of page) {
      ledger.apply(event);
      last = { position: event.position, recordedAt: event.recordedAt };
    }
  }
  // Denominators (GDP) are those whose authoritative source is the statistics bureau: never summed from children.
  return statisticsOf(ledger, catalogue, isDenominatorSource, query, {
    position: last?.position ?? null,
    instant: last?.recordedAt ?? null,
  });
}

/**
 * The figures of a unit and its children from a ledger, however it was obtained (a fold of the log, or a projection's
 * tables): summed from the leaves' reports, or from the subtotals of the unit and its children when the ledger was
 * restored with them (`from: 'subtotals'`).
 */
export function statisticsOf(
  ledger: ReportLedger,
  catalogue: FormCatalogue,
  isDenominatorSource: DenominatorSource,
  query: { form: string; unit: UnitCode; period: string },
  asOf: Statistics['asOf'],
  from: 'reports' | 'subtotals' = 'reports',
): Statistics {
  const form = catalogue.get(query.form);
  // Attributes (resident population) as in force on the period's last day; published figures of its last sub-period.
  const lastDay = periodLastDay(parsePeriod(query.period)).toISODate()!;
  const lastPeriod = periodsWithin(form, query.period).at(-1)!;
  const denominatorIndicators = form.indicators
    .filter((i) => i.kind !== 'derived' && isDenominatorSource(form.code, i.code, 'statistics_bureau'))
    .map((i) => i.code);
  // Codes below a unit share its short form as prefix; the period test goes first, it discards the most.
  const prefix = shortForm(query.unit);
  const periods = new Set(periodsWithin(form, query.period));
  const units = ledger.units().filter((u) => u.startsWith(prefix));
  const common = {
    form,
    units,
    period: query.period,
    figuresFor: new Set([query.unit, ...units.filter((u) => parentOf(u) === query.unit)]),
    // A coarser view takes the denominator published for its last period (Q4's year-to-date GDP is the year's).
    denominator: (unit: UnitCode, name: string) =>
      ledger.denominator(form.code, unit, lastPeriod, name) ?? ledger.attribute(unit, name, lastDay),
    denominatorIndicators,
  };
  const figures =
    from === 'subtotals'
      ? rollUpSubtotals({ ...common, subtotal: (unit, period) => ledger.subtotal(form.code, unit, period) })
      : rollUp({
          ...common,
          reports: ledger.reportsOf(form.code).filter((r) => periods.has(r.period) && r.unitCode.startsWith(prefix)),
        });
  // Year-to-date progress against each unit's annual target (R&D): the period's YTD figure / target.
  const year = Number(query.period.slice(0, 4));
  const targeted = ledger.targetsOf(form.code);
  if (targeted.length && form.valueBasis === 'year_to_date') {
    for (const f of figures) {
      const entries = targeted
        .map((indicator) => [indicator, ledger.target(form.code, indicator, f.unit, year)] as const)
        .filter((e): e is readonly [string, string] => e[1] !== undefined)
        .map(
          ([indicator, target]) =>
            [
              indicator,
              { target, progress: f.values[indicator] ? ratio(f.values[indicator]!, target, 100, 2) : null },
            ] as const,
        );
      if (entries.length) f.targets = Object.fromEntries(entries);
    }
  }
  return {
    form: form.code,
    unit: query.unit,
    period: query.period,
    asOf,
    figure: figures.find((f) => f.unit === query.unit) ?? null,
    children: figures.filter((f) => parentOf(f.unit) === query.unit),
  };
}
