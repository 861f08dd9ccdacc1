import { describe, expect, it } from 'vitest';
import { recentPeriods } from '../src/format.ts';

describe('the periods the console offers', () => {
  // Asia/Shanghai is UTC+8 all year (no daylight saving since 1991): 16:00 UTC is midnight there.
  it('ends a month at midnight in Asia/Shanghai, whatever zone the browser is in', () => {
    // 2026-11-30 23:59 in Shanghai: November has not ended, October is the last month that has.
    expect(recentPeriods('month', 2, new Date('2026-11-30T15:59:00Z'))).toEqual(['2026-10', '2026-09']);
    // 2026-12-01 00:00 in Shanghai, still 30 November in UTC: November has ended.
    expect(recentPeriods('month', 2, new Date('2026-11-30T16:00:00Z'))).toEqual(['2026-11', '2026-10']);
  });

  it('goes back across the year for months, quarters and years', () => {
    // 2027-01-01 00:30 in Shanghai.
    const newYear = new Date('2026-12-31T16:30:00Z');
    expect(recentPeriods('month', 3, newYear)).toEqual(['2026-12', '2026-11', '2026-10']);
    expect(recentPeriods('quarter', 5, newYear)).toEqual(['2026-Q4', '2026-Q3', '2026-Q2', '2026-Q1', '2025-Q4']);
    expect(recentPeriods('year', 2, newYear)).toEqual(['2026', '2025']);
    // 2026-12-31 23:30 in Shanghai: the year 2026 and its fourth quarter have not ended.
    const newYearsEve = new Date('2026-12-31T15:30:00Z');
    expect(recentPeriods('quarter', 1, newYearsEve)).toEqual(['2026-Q3']);
    expect(recentPeriods('year', 1, newYearsEve)).toEqual(['2025']);
  });
});
