import { Readable } from 'node:stream';
import { parsePeriod, periodLastDay, reportedIndicators, type FormCatalogue, type UnitCode } from '@statledger/domain';
import {
  patentProfile,
  rndProfile,
  sanitationMonth,
  sanitationProfile,
  seededRandom,
  toDecimalValues,
  type CityTree,
  type DemoUnit,
  type Hundredths,
} from '@statledger/demo';

/** A workload: the reports its units upload, as files in upload order. */
export interface Workload {
  name: string;
  /**
   * Wide CSV files in the order a city would upload them, one per form and period; `submittedAt` is two days
   * after the period, before every deadline, so timeliness finds nothing to say.
   */
  uploads: { label: string; reports: number; submittedAt: Date; csv: () => Readable }[];
  reports: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * One year of a city: every village and township reports sanitation monthly, every township patents and
 * R&D quarterly (after the quarter's third month, as uploads arrive). Figures come from the demo's seeded
 * profiles, so they are realistic in magnitude and identical for identical seeds. `months` < 12 gives the
 * first months only (a warm-up).
 */
export function cityYear(tree: CityTree, catalogue: FormCatalogue, year: number, seed: number, months = 12): Workload {
  const sanitationUnits = [...tree.subdistricts, ...tree.villages];
  const uploads: Workload['uploads'] = [];
  for (let month = 1; month <= months; month++) {
    uploads.push(sanitationUpload(sanitationUnits, catalogue, `${year}-${pad(month)}`, seed + month));
    if (month % 3 === 0) {
      const quarter = month / 3;
      uploads.push(
        upload('patent', tree.subdistricts, catalogue, `${year}-Q${quarter}`, seed, (random) =>
          patentProfile(random)(1),
        ),
      );
      uploads.push(
        upload('rnd', tree.subdistricts, catalogue, `${year}-Q${quarter}`, seed, (random) =>
          rndProfile(random)(1)(quarter),
        ),
      );
    }
  }
  return { name: `city ${tree.city.code} year ${year}`, uploads, reports: uploads.reduce((n, u) => n + u.reports, 0) };
}

/** One month of sanitation reports from every village of the country. */
export function nationalMonth(villages: DemoUnit[], catalogue: FormCatalogue, period: string, seed: number): Workload {
  const upload = sanitationUpload(villages, catalogue, period, seed);
  return { name: `national ${period}`, uploads: [upload], reports: upload.reports };
}

function sanitationUpload(units: DemoUnit[], catalogue: FormCatalogue, period: string, seed: number) {
  const month = Number(period.slice(5));
  return upload('sanitation', units, catalogue, period, seed, (random) =>
    sanitationMonth(sanitationProfile(random), month, random),
  );
}

/** A wide CSV generated row by row, so a national file never sits in memory whole. */
function upload(
  form: string,
  units: DemoUnit[],
  catalogue: FormCatalogue,
  period: string,
  seed: number,
  values: (random: ReturnType<typeof seededRandom>) => Hundredths,
) {
  const definition = catalogue.get(form);
  const stated = reportedIndicators(definition).map((i) => i.code);
  const integers = new Set(
    reportedIndicators(definition)
      .filter((i) => i.valueType === 'integer')
      .map((i) => i.code),
  );
  function* rows(): Generator<string> {
    const random = seededRandom(seed);
    yield `form,unitCode,period,${stated.join(',')}\n`;
    let chunk = '';
    for (const [i, unit] of units.entries()) {
      const figures = toDecimalValues(values(random), integers);
      chunk += `${form},${unit.code as UnitCode},${period},${stated.map((c) => figures[c] ?? '').join(',')}\n`;
      if (i % 500 === 499) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  const submittedAt = periodLastDay(parsePeriod(period)).plus({ days: 2, hours: 10 }).toJSDate();
  return {
    label: `${form} ${period}`,
    reports: units.length,
    submittedAt,
    csv: () => Readable.from(rows(), { objectMode: false }),
  };
}
