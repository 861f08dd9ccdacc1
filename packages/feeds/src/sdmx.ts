import { Readable } from 'node:stream';
import { format } from 'fast-csv';
import { csvSafeRow, parsePeriod, type FormDefinition, type UnitCode } from '@statledger/domain';
import type { Figure, Statistics } from '@statledger/read-models';

export const SDMX_COLUMNS = [
  'STRUCTURE',
  'STRUCTURE_ID',
  'ACTION',
  'FREQ',
  'REF_AREA',
  'INDICATOR',
  'TIME_PERIOD',
  'OBS_VALUE',
  'UNIT_MEASURE',
  'UNIT_MULT',
  'OBS_STATUS',
] as const;
export type SdmxRow = Record<(typeof SDMX_COLUMNS)[number], string>;

export const dataflowId = (form: FormDefinition) => `STATLEDGER:DF_${form.code.toUpperCase()}(1.0.0)`;

const FREQ = { month: 'M', quarter: 'Q', year: 'A' } as const;
/** A final figure is A (normal); a provisional one P. A revised figure is final again, sent with ACTION R. */
const OBS_STATUS = { final: 'A', revised: 'A', provisional: 'P' } as const;

/**
 * SDMX-CSV 2.0 observations of district and city figures: one row per unit and indicator with a value,
 * ACTION I for figures first published, R for figures revised after approval.
 */
export function sdmxRows(form: FormDefinition, figures: readonly Figure[]): SdmxRow[] {
  const indicators = form.indicators;
  return figures.flatMap((figure) =>
    indicators.flatMap((indicator) => {
      const value = indicator.kind === 'derived' ? figure.derived[indicator.code] : figure.values[indicator.code];
      if (value === null || value === undefined) return [];
      return [
        {
          STRUCTURE: 'dataflow',
          STRUCTURE_ID: dataflowId(form),
          ACTION: figure.status === 'revised' ? 'R' : 'I',
          FREQ: FREQ[parsePeriod(figure.period).type],
          REF_AREA: figure.unit,
          INDICATOR: indicator.code,
          TIME_PERIOD: figure.period,
          OBS_VALUE: value,
          UNIT_MEASURE: indicator.unit,
          UNIT_MULT: String(indicator.kind === 'derived' ? 0 : indicator.unitMultiplier),
          OBS_STATUS: OBS_STATUS[figure.status],
        },
      ];
    }),
  );
}

/** The rows as a CSV stream (header first), for a file or an HTTP response. */
export function sdmxCsvStream(rows: Iterable<SdmxRow> | AsyncIterable<SdmxRow>): Readable {
  return Readable.from(rows).pipe(
    format<SdmxRow, SdmxRow>({
      headers: [...SDMX_COLUMNS],
      alwaysWriteHeaders: true,
      quoteColumns: false,
      transform: csvSafeRow,
    }),
  );
}

/** The dataflow's structure: dimensions, attributes and codelists, as published in schemas/sdmx/. */
export function dataflowDescription(form: FormDefinition) {
  return {
    id: dataflowId(form),
    agency: 'STATLEDGER',
    name: form.name,
    frequency: FREQ[form.periodType],
    dimensions: [
      { id: 'FREQ', codelist: 'CL_FREQ' },
      {
        id: 'REF_AREA',
        codelist: 'CL_AREA',
        description:
          '12-digit statistical division code (统计用区划代码) of a city or district; the unit registry (statledger units import) is the codelist',
      },
      { id: 'INDICATOR', codelist: `CL_INDICATOR_${form.code.toUpperCase()}` },
      { id: 'TIME_PERIOD', format: 'YYYY-MM, YYYY-Qn or YYYY' },
    ],
    measure: { id: 'OBS_VALUE', format: 'exact decimal, no exponent' },
    attributes: [
      { id: 'UNIT_MEASURE', description: 'the indicator unit' },
      { id: 'UNIT_MULT', description: 'power of ten applied to OBS_VALUE (万 = 4)' },
      { id: 'OBS_STATUS', codelist: 'CL_OBS_STATUS' },
    ],
    codelists: {
      CL_FREQ: { M: 'monthly', Q: 'quarterly', A: 'annual' },
      CL_OBS_STATUS: {
        A: 'normal value (all expected reports in and approved)',
        P: 'provisional value',
        E: 'estimated value',
      },
      [`CL_INDICATOR_${form.code.toUpperCase()}`]: Object.fromEntries(
        form.indicators.map((i) => [
          i.code,
          { name: i.name, unit: i.unit, unitMultiplier: i.kind === 'derived' ? 0 : i.unitMultiplier },
        ]),
      ),
    },
    actions: {
      I: 'information (first publication of the observation)',
      R: 'replace (the observation was revised after approval)',
    },
  };
}

/** The observations of each city and its districts for a form and period, city by city. */
export async function* sdmxObservations(
  form: FormDefinition,
  period: string,
  cities: readonly UnitCode[],
  statisticsFor: (query: { form: string; unit: UnitCode; period: string }) => Promise<Statistics>,
): AsyncGenerator<SdmxRow> {
  for (const city of cities) {
    const stats = await statisticsFor({ form: form.code, unit: city, period });
    yield* sdmxRows(form, [
      ...(stats.figure ? [stats.figure] : []),
      ...stats.children.filter((c) => c.tier === 'district'),
    ]);
  }
}

/** Rows as CSV, the first row's keys the header, formula-like cells neutralised: bulletins, notices, as CLI and API write them. */
export function csvStream<Row extends object>(rows: Iterable<Row>): Readable {
  return Readable.from(rows).pipe(format<Row, Row>({ headers: true, transform: csvSafeRow }));
}
