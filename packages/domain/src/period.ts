import { DateTime } from 'luxon';
import { z } from 'zod';
import { InvalidPeriodError } from './errors.ts';

export const STATISTICAL_ZONE = 'Asia/Shanghai';
export const PERIOD_TYPES = ['month', 'quarter', 'year'] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];

/** A reporting period: `2026-03` (month), `2026-Q1` (quarter) or `2026` (year). */
export interface Period {
  readonly type: PeriodType;
  readonly year: number;
  /** 1–12 for months, 1–4 for quarters, 1 for years. */
  readonly index: number;
}

const PATTERNS: { type: PeriodType; regex: RegExp }[] = [
  { type: 'month', regex: /^(\d{4})-(\d{2})$/ },
  { type: 'quarter', regex: /^(\d{4})-Q(\d)$/ },
  { type: 'year', regex: /^(\d{4})$/ },
];
const MAX_INDEX: Record<PeriodType, number> = { month: 12, quarter: 4, year: 1 };
const MONTHS_PER: Record<PeriodType, number> = { month: 1, quarter: 3, year: 12 };

/** 12 months, 4 quarters or 1 year to a year: how far back "the same period last year" lies. */
export function periodsPerYear(type: PeriodType): number {
  return MAX_INDEX[type];
}

export function parsePeriod(input: string): Period {
  for (const { type, regex } of PATTERNS) {
    const match = regex.exec(input);
    if (!match) continue;
    const year = Number(match[1]);
    const index = type === 'year' ? 1 : Number(match[2]);
    if (year < 1900 || year > 2999) throw new InvalidPeriodError(input, `year ${year} is outside 1900–2999`);
    if (index < 1 || index > MAX_INDEX[type]) {
      throw new InvalidPeriodError(input, `${type} ${match[2]} is outside 1–${MAX_INDEX[type]}`);
    }
    return { type, year, index };
  }
  throw new InvalidPeriodError(input, "expected a month '2026-03', a quarter '2026-Q1' or a year '2026'");
}

export function formatPeriod(period: Period): string {
  switch (period.type) {
    case 'month':
      return `${period.year}-${String(period.index).padStart(2, '0')}`;
    case 'quarter':
      return `${period.year}-Q${period.index}`;
    case 'year':
      return String(period.year);
  }
}

/**
 * First instants of the periods asked for, by period: a zoned date costs luxon tens of microseconds, and every
 * submission asks for the start of the period after its own. Periods are few (some dozens a year), dates immutable.
 */
const starts = new Map<string, DateTime>();

/** First instant of the period in Asia/Shanghai. */
export function periodStart(period: Period): DateTime {
  const key = `${period.type}:${period.year}:${period.index}`;
  let start = starts.get(key);
  if (!start)
    starts.set(
      key,
      (start = DateTime.fromObject(
        { year: period.year, month: (period.index - 1) * MONTHS_PER[period.type] + 1, day: 1 },
        { zone: STATISTICAL_ZONE },
      )),
    );
  return start;
}

/** Last calendar day of the period (a date in Asia/Shanghai, at 00:00). */
export function periodLastDay(period: Period): DateTime {
  return periodStart(period).plus({ months: MONTHS_PER[period.type] }).minus({ days: 1 });
}

/** The period `n` steps after (negative: before) the given one, of the same type. */
export function shiftPeriod(period: Period, n: number): Period {
  const perYear = MAX_INDEX[period.type];
  const ordinal = period.year * perYear + (period.index - 1) + n;
  return { type: period.type, year: Math.floor(ordinal / perYear), index: (ordinal % perYear) + 1 };
}

/** The same period one year earlier (同期). */
export function samePeriodLastYear(period: Period): Period {
  return { ...period, year: period.year - 1 };
}

/** The months a period spans, in order. */
export function monthsOf(period: Period): Period[] {
  const first = (period.index - 1) * MONTHS_PER[period.type] + 1;
  return Array.from({ length: MONTHS_PER[period.type] }, (_, i) => ({
    type: 'month',
    year: period.year,
    index: first + i,
  }));
}

/** The quarter or year that contains a period (a period contains itself). */
export function containingPeriod(period: Period, type: PeriodType): Period {
  if (MONTHS_PER[type] < MONTHS_PER[period.type]) {
    throw new InvalidPeriodError(formatPeriod(period), `a ${period.type} is not contained in a ${type}`);
  }
  const month = (period.index - 1) * MONTHS_PER[period.type] + 1;
  return { type, year: period.year, index: Math.floor((month - 1) / MONTHS_PER[type]) + 1 };
}

/** Months from year 0 to the period's first month: every period starts on the first day of a month in one zone. */
const firstMonth = (period: Period) => period.year * 12 + (period.index - 1) * MONTHS_PER[period.type];

/**
 * Earlier start first, then the shorter period. By month count, not by instants: a submission checks it against the
 * form's first period, and building two zoned dates for it was most of the time luxon took on each request.
 */
export function comparePeriods(a: Period, b: Period): number {
  return firstMonth(a) - firstMonth(b) || MONTHS_PER[a.type] - MONTHS_PER[b.type];
}

/** zod schema: a strictly formatted period string, kept as the canonical string. */
export const periodSchema = z.string().transform((value, ctx) => {
  try {
    return formatPeriod(parsePeriod(value));
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

/**
 * An instant as people give it: ISO-8601 with an offset (2025-04-03T12:00:00+08:00), or a date alone
 * (2025-05-01), which is the start of that day in Asia/Shanghai. The UTC ISO string, or null if it is neither.
 */
export function instantFromText(text: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const day = DateTime.fromISO(text, { zone: STATISTICAL_ZONE });
    return day.isValid ? day.toUTC().toISO() : null;
  }
  if (!/^\d{4}-\d{2}-\d{2}T.+(Z|[+-]\d{2}:?\d{2})$/.test(text)) return null;
  const instant = DateTime.fromISO(text);
  return instant.isValid ? instant.toUTC().toISO() : null;
}

/** instantFromText as a schema: the UTC ISO string, or an issue saying what is accepted. */
export const instantSchema = z.string().transform((text, ctx) => {
  const instant = instantFromText(text);
  if (instant === null) {
    ctx.addIssue({
      code: 'custom',
      message: `'${text}' is neither an instant with its offset (2025-04-03T12:00:00+08:00) nor a date (2025-05-01, the start of that day in Asia/Shanghai)`,
    });
    return z.NEVER;
  }
  return instant;
});
