import { z } from 'zod';
import type { UnitCode } from './unit-code.ts';
import { ancestorsOf, tierOf } from './unit-code.ts';
import type { Period } from './period.ts';
import { parsePeriod, periodLastDay } from './period.ts';

/**
 * A deadline rule is data: N calendar days after the period ends, at 23:59:59 Asia/Shanghai,
 * overridable per city (keyed by the city's 4-digit short code).
 */
export const deadlineRuleSchema = z.object({
  daysAfterPeriodEnd: z.number().int().min(0).max(366),
  cityOverrides: z
    .record(
      z.string().regex(/^\d{4}$/, 'city overrides are keyed by a 4-digit city code'),
      z.number().int().min(0).max(366),
    )
    .default({}),
});
export type DeadlineRule = z.infer<typeof deadlineRuleSchema>;

/** The deadline as a UTC ISO-8601 instant (e.g. 2026-03 with 5 days → 2026-04-05T15:59:59.000Z). */
export function deadlineFor(rule: DeadlineRule, unit: UnitCode, period: Period): string {
  const days = rule.cityOverrides[cityOf(unit)?.slice(0, 4) ?? ''] ?? rule.daysAfterPeriodEnd;
  return periodLastDay(period)
    .plus({ days })
    .set({ hour: 23, minute: 59, second: 59, millisecond: 0 })
    .toUTC()
    .toISO()!;
}

/**
 * Whether an instant is at or before a deadline, both ISO-8601. In the form `toISOString` gives (UTC, 24 characters),
 * which every store records and `deadlineFor` gives, they order as text: a fold compares every report so. Any other
 * form is parsed.
 */
export function isAtOrBefore(instant: string, deadline: string): boolean {
  if (instant.length === 24 && deadline.length === 24 && instant.endsWith('Z') && deadline.endsWith('Z'))
    return instant <= deadline;
  return Date.parse(instant) <= Date.parse(deadline);
}

/** Whether a first submission at `submittedAt` met the deadline, and by how many whole days it missed. */
export function timeliness(deadline: string, submittedAt: string): { onTime: boolean; daysLate: number } {
  if (isAtOrBefore(submittedAt, deadline)) return { onTime: true, daysLate: 0 };
  return { onTime: false, daysLate: Math.ceil((Date.parse(submittedAt) - Date.parse(deadline)) / 86_400_000) };
}

function cityOf(unit: UnitCode): UnitCode | undefined {
  if (tierOf(unit) === 'city') return unit;
  return ancestorsOf(unit).find((code) => tierOf(code) === 'city');
}

/**
 * A report's deadline depends only on its form, its city (overrides) and its period: projections over
 * hundreds of thousands of reports ask through this memo rather than redo the zone arithmetic each time.
 */
export function createDeadlineMemo(catalogue: { get(code: string): { deadline: DeadlineRule } }) {
  const memo = new Map<string, string>();
  // Reports come in runs of one form, city and period (an upload): the last answer is tried first, with no key built.
  let last = { form: '', city: '', period: '', deadline: '' };
  return (key: { form: string; unitCode: UnitCode; period: string }): string => {
    if (key.form === last.form && key.period === last.period && key.unitCode.startsWith(last.city))
      return last.deadline;
    const city = key.unitCode.slice(0, 4);
    const id = `${key.form}|${city}|${key.period}`;
    let deadline = memo.get(id);
    if (deadline === undefined) {
      deadline = deadlineFor(catalogue.get(key.form).deadline, key.unitCode, parsePeriod(key.period));
      memo.set(id, deadline);
    }
    last = { form: key.form, city, period: key.period, deadline };
    return deadline;
  };
}
