import type { Random } from './random.ts';

const DAY = 86_400_000;
/**
 * Asia/Shanghai has kept UTC+8 without daylight saving since 1991, so for the demo's years plain arithmetic is
 * exact — and the demo computes some 200,000 timestamps, where zone lookups through Intl would dominate its run.
 */
const SHANGHAI_OFFSET = 8 * 3_600_000;

function officeHours(dayStartUtc: number, random: Random): number {
  return dayStartUtc + random.int(9, 17) * 3_600_000 + random.int(0, 59) * 60_000 - SHANGHAI_OFFSET;
}

/** Office hours of day `day` after the period's last day (day 1 = the first day after it), Beijing time. */
export function workingTimeAfter(period: string, day: number, random: Random): number {
  const match = /^(\d{4})(?:-(\d{2})|-Q(\d))?$/.exec(period);
  if (!match) throw new Error(`not a period: ${period}`);
  const year = Number(match[1]);
  // Month index (0-based) of the month after the period; Date.UTC rolls day overflow into the next month.
  const nextMonth = match[2] ? Number(match[2]) : match[3] ? Number(match[3]) * 3 : 12;
  return officeHours(Date.UTC(year, nextMonth, day), random);
}

/** `days` whole days after an instant, again in office hours. */
export function workingDaysLater(at: number, days: number, random: Random): number {
  const localDayStart = Math.floor((at + SHANGHAI_OFFSET) / DAY) * DAY;
  return officeHours(localDayStart + days * DAY, random);
}

export function months(year: number): string[] {
  return Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
}

export function quarters(year: number): string[] {
  return [1, 2, 3, 4].map((q) => `${year}-Q${q}`);
}
