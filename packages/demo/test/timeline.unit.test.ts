import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { deadlineFor, parsePeriod, parseUnitCode } from '@statledger/domain';
import { seededRandom } from '../src/random.ts';
import { workingDaysLater, workingTimeAfter } from '../src/timeline.ts';

const inShanghai = (ms: number) => DateTime.fromMillis(ms, { zone: 'Asia/Shanghai' });

describe('demo timeline (fixed UTC+8 arithmetic)', () => {
  it('agrees with luxon on Asia/Shanghai for months, quarters and year ends', () => {
    const random = seededRandom(1);
    for (const [period, day, date] of [
      ['2025-03', 5, '2025-04-05'],
      ['2025-02', 1, '2025-03-01'],
      ['2025-12', 3, '2026-01-03'],
      ['2025-Q4', 10, '2026-01-10'],
      ['2024-Q1', 1, '2024-04-01'],
    ] as const) {
      const at = inShanghai(workingTimeAfter(period, day, random));
      expect(at.toISODate()).toBe(date);
      expect(at.hour).toBeGreaterThanOrEqual(9);
      expect(at.hour).toBeLessThanOrEqual(17);
    }
  });

  it('puts day 5 on time and day 6 late against the real deadline rule', () => {
    const random = seededRandom(2);
    const deadline = Date.parse(
      deadlineFor({ daysAfterPeriodEnd: 5, cityOverrides: {} }, parseUnitCode('110101001001'), parsePeriod('2025-06')),
    );
    expect(workingTimeAfter('2025-06', 5, random)).toBeLessThan(deadline);
    expect(workingTimeAfter('2025-06', 6, random)).toBeGreaterThan(deadline);
  });

  it('moves whole local days, across a month end', () => {
    const random = seededRandom(3);
    const late = DateTime.fromISO('2025-01-31T23:30:00', { zone: 'Asia/Shanghai' }).toMillis();
    expect(inShanghai(workingDaysLater(late, 1, random)).toISODate()).toBe('2025-02-01');
  });
});
