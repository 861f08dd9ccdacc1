import { round, type Finding } from '../finding.ts';
import {
  OUTLIER_EXTREME as EXTREME,
  OUTLIER_MODERATE as MODERATE,
  median,
  robustSpread,
  type RobustSpread,
} from '../statistics.ts';

/** Fewer earlier periods than this: the test is not run, and the report says so. */
export const MIN_HISTORY = 4;
/** Fewer than this: an outlier is said (info), never warned; a short history's spread is too uncertain. */
export const MIN_HISTORY_TO_WARN = 8;
/**
 * The least spread a history is credited with, as a share of the expected value. A steady history's MAD can
 * be a hundredth of its level, and a change of a few per cent (a year's growth, a rounding) would then look
 * extreme; a change within 3.5 × 5 % = 17.5 % of the expected value is never an outlier.
 */
export const RELATIVE_SPREAD_FLOOR = 0.05;

/** Last year's value sets the expectation only within (1 ± 2) × the usual level, unless the spread allows more. */
const TYPICAL_FACTOR = 2;

/** A unit's own series of one indicator, as the check reads it. */
export interface OwnSeries {
  /** `earlier[k]` is the value k periods before the checked one (k ≥ 1); undefined where none was reported. */
  earlier: readonly (number | undefined)[];
  periodsPerYear: number;
  /** Counts (patents, persons) vary at least as a Poisson count does: √x sets the least spread too. */
  counts: boolean;
}

/** How many earlier periods make the reference: a year of months, three years of quarters or of years. */
export const referenceLength = (periodsPerYear: number) => Math.min(12, 3 * periodsPerYear);

/**
 * How many periods after a changed value read it: the reference, last year's period and the three before it
 * (growth), and one more for year-to-date figures, whose period value is the difference of two.
 */
export const historyReach = (periodsPerYear: number) =>
  Math.max(referenceLength(periodsPerYear), periodsPerYear + 3) + 1;

export interface Expectation {
  expected: number;
  basis: 'median of the earlier periods' | 'same period last year × recent growth';
  samePeriodLastYear?: number;
  growth?: number;
}

/**
 * What the value may be expected to be: the median of the earlier periods (the unit's usual level), and,
 * where the same period last year is on record and typical of the history, that value times the unit's recent
 * year-on-year growth (the median of up to three recent periods over the same periods a year before; 1 when
 * none is on record): seasons repeat, so January is compared with January. Values far outside the history
 * (beyond 3.5 σ and beyond three times its median) are not relied on.
 */
export function expectations(series: OwnSeries, reference: readonly number[], spread: RobustSpread): Expectation[] {
  const centre = spread.median;
  const usual: Expectation = { expected: centre, basis: 'median of the earlier periods' };
  // A seasonal peak may stand well above the usual level; a ×10 or ×1000 slip of last year must not set the bar.
  const typical = (v: number | undefined): v is number =>
    isValue(v) && Math.abs(v - centre) <= Math.max(MODERATE * spread.sigma, TYPICAL_FACTOR * Math.abs(centre));
  const P = series.periodsPerYear;
  const lastYear = series.earlier[P];
  if (P < 2 || !typical(lastYear)) return [usual];
  const ratios = [1, 2, 3].flatMap((k) => {
    const now = series.earlier[k];
    const before = series.earlier[k + P];
    return typical(now) && typical(before) && before > 0 ? [now / before] : [];
  });
  const growth = ratios.length ? median(ratios) : 1;
  return [
    usual,
    {
      expected: lastYear * growth,
      basis: 'same period last year × recent growth',
      samePeriodLastYear: lastYear,
      growth,
    },
  ];
}

/**
 * The unit's value against its own history: M = (x − expected) / σ, σ the history's robust spread
 * (MAD/0.6745, or mean absolute deviation/0.7978846482 where MAD = 0), at least 5 % of the expected value
 * (and √expected for counts). A value is an outlier only when it is far from every expectation: its usual
 * level and, where there is one, the same period last year grown as the unit grows — a seasonal peak is not
 * an error, nor a year's growth. |M| > 5 is an extreme outlier (a warning once the history has 8 points),
 * 3.5 < |M| ≤ 5 a moderate one (info). A history without any spread credits the floor, so a value that leaves
 * a constant history materially is flagged; after a history of zeros, any other value is extreme.
 */
export function checkOwnHistory(indicator: string, value: number, series: OwnSeries): Finding[] {
  const reference = series.earlier.slice(1, referenceLength(series.periodsPerYear) + 1).filter(isValue);
  if (reference.length < MIN_HISTORY) return [notEnoughHistory(reference.length, [indicator])];
  const spread = robustSpread(reference);
  const scored = expectations(series, reference, spread).map((e) => {
    const floors = [RELATIVE_SPREAD_FLOOR * Math.abs(e.expected), series.counts ? Math.sqrt(Math.abs(e.expected)) : 0];
    const sigma = Math.max(spread.sigma, ...floors);
    const deviation = value - e.expected;
    const m = deviation === 0 ? 0 : sigma > 0 ? deviation / sigma : null;
    const from =
      sigma === spread.sigma && sigma > 0
        ? spread.formula
        : sigma === floors[0]
          ? 'floor: 5 % of the expected value'
          : 'floor: √expected (a count)';
    return { ...e, sigma, from, m };
  });
  // The nearest expectation decides: |M| of null (a departure from a history of zeros) is the farthest.
  const nearest = scored.reduce((a, b) => (size(b.m) < size(a.m) ? b : a));
  const { m } = nearest;
  const extreme = m === null || Math.abs(m) > EXTREME;
  if (!extreme && Math.abs(m) <= MODERATE) return [];
  const warned = extreme && reference.length >= MIN_HISTORY_TO_WARN;
  const grade = extreme ? 'extreme' : 'moderate';
  const shortNote =
    extreme && !warned ? `; said, not warned: ${reference.length} earlier periods, ${MIN_HISTORY_TO_WARN} needed` : '';
  const expected = scored
    .map((e) => `${round(e.expected, 4)} (${e.basis}${e.m === null ? '' : `, M ${round(e.m, 2)}`})`)
    .join(' and ');
  return [
    {
      code: 'OUTLIER_OWN_HISTORY',
      severity: warned ? 'warning' : 'info',
      indicator,
      message: `${indicator} = ${value} is an ${grade} outlier against this unit's own history: expected ${expected}${m === null ? ', after a history of zeros' : ''}; limits ${MODERATE} moderate and ${EXTREME} extreme${shortNote}`,
      evidence: {
        value,
        expectations: scored.map((e) => ({
          basis: e.basis,
          expected: round(e.expected, 6),
          ...(e.samePeriodLastYear === undefined
            ? {}
            : { samePeriodLastYear: e.samePeriodLastYear, growth: round(e.growth!, 6) }),
          spread: round(e.sigma, 6),
          spreadFrom: e.from,
          m: e.m === null ? null : round(e.m, 4),
        })),
        history: reference,
        median: round(spread.median, 6),
        mad: round(spread.mad, 6),
        meanAbsoluteDeviation: round(spread.meanAbsoluteDeviation, 6),
        m: m === null ? null : round(m, 4),
        grade,
        thresholds: { moderate: MODERATE, extreme: EXTREME, historyToWarn: MIN_HISTORY_TO_WARN },
        formula:
          'M = (x − expected) / max(σ, 0.05·|expected|, √|expected| for counts), the expectation with the smallest |M|',
      },
    },
  ];
}

const size = (m: number | null) => (m === null ? Infinity : Math.abs(m));

/** Said once per report (the history is short for the unit, not for one figure), never taken for a pass. */
export function notEnoughHistory(points: number, indicators: string[]): Finding {
  return {
    code: 'NOT_ENOUGH_HISTORY',
    severity: 'info',
    message: `only ${points} earlier period${points === 1 ? '' : 's'} on record; the outlier test against the unit's own history needs ${MIN_HISTORY}`,
    evidence: { historyPoints: points, required: MIN_HISTORY, indicators },
  };
}

const isValue = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v);
