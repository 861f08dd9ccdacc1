import { describe, expect, it } from 'vitest';
import {
  InvalidPeriodError,
  comparePeriods,
  containingPeriod,
  createDeadlineMemo,
  deadlineFor,
  formatPeriod,
  isAtOrBefore,
  monthsOf,
  parsePeriod,
  parseUnitCode,
  periodSchema,
  samePeriodLastYear,
  shiftPeriod,
  timeliness,
} from '../src/index.ts';

const p = (s: string) => parsePeriod(s);
const f = formatPeriod;

describe('periods', () => {
  it('parses and formats months, quarters and years strictly', () => {
    expect(p('2026-03')).toEqual({ type: 'month', year: 2026, index: 3 });
    expect(p('2026-Q1')).toEqual({ type: 'quarter', year: 2026, index: 1 });
    expect(p('2026')).toEqual({ type: 'year', year: 2026, index: 1 });
    for (const s of ['2026-03', '2026-Q4', '2026']) expect(f(p(s))).toBe(s);
  });

  it.each(['2026-3', '2026-13', '2026-00', '2026-Q5', '2026-q1', '26', '2026-03-01', ' 2026-03', '2026Q1'])(
    'rejects %j',
    (input) => {
      expect(() => p(input)).toThrow(InvalidPeriodError);
    },
  );

  it('shifts across year boundaries and finds the same period last year', () => {
    expect(f(shiftPeriod(p('2026-01'), -1))).toBe('2025-12');
    expect(f(shiftPeriod(p('2025-Q4'), 1))).toBe('2026-Q1');
    expect(f(shiftPeriod(p('2026-03'), -12))).toBe('2025-03');
    expect(f(samePeriodLastYear(p('2026-Q2')))).toBe('2025-Q2');
  });

  it('lists the months of a quarter and finds the quarter of a month', () => {
    expect(monthsOf(p('2026-Q2')).map(f)).toEqual(['2026-04', '2026-05', '2026-06']);
    expect(f(containingPeriod(p('2026-08'), 'quarter'))).toBe('2026-Q3');
    expect(f(containingPeriod(p('2026-Q3'), 'year'))).toBe('2026');
    expect(() => containingPeriod(p('2026'), 'month')).toThrow(InvalidPeriodError);
    expect(comparePeriods(p('2025-12'), p('2026-01'))).toBeLessThan(0);
  });

  it('orders periods by their first day, then the shorter first', () => {
    // The first days, worked out by hand: 2025-10-01, 2025-12-01, 2026-01-01 (three), 2026-02-01, 2026-04-01.
    const periods = ['2026-Q2', '2026', '2026-02', '2026-01', '2025-12', '2026-Q1', '2025-Q4'].map(p);
    expect(periods.sort(comparePeriods).map(f)).toEqual([
      '2025-Q4',
      '2025-12',
      '2026-01',
      '2026-Q1',
      '2026',
      '2026-02',
      '2026-Q2',
    ]);
    expect(comparePeriods(p('2026-Q3'), p('2026-07'))).toBeGreaterThan(0);
    expect(comparePeriods(p('2026-03'), p('2026-03'))).toBe(0);
  });

  it('validates through zod', () => {
    expect(periodSchema.safeParse('2026-13').success).toBe(false);
  });
});

describe('deadlines (Asia/Shanghai, stored as UTC)', () => {
  const village = parseUnitCode('110101001001');
  const rule = { daysAfterPeriodEnd: 5, cityOverrides: {} };

  it('puts monthly sanitation due on the 5th of the next month at 23:59:59 Beijing time', () => {
    // 2026-04-05 23:59:59 +08:00 = 2026-04-05 15:59:59 UTC
    expect(deadlineFor(rule, village, p('2026-03'))).toBe('2026-04-05T15:59:59.000Z');
    // February of a leap year ends on the 29th; +5 days = 5 March.
    expect(deadlineFor(rule, village, p('2024-02'))).toBe('2024-03-05T15:59:59.000Z');
  });

  it('counts quarters and years from their last day', () => {
    expect(deadlineFor({ daysAfterPeriodEnd: 10, cityOverrides: {} }, village, p('2026-Q4'))).toBe(
      '2027-01-10T15:59:59.000Z',
    );
    expect(deadlineFor({ daysAfterPeriodEnd: 0, cityOverrides: {} }, village, p('2026'))).toBe(
      '2026-12-31T15:59:59.000Z',
    );
  });

  it('applies a per-city override to every unit of that city only', () => {
    const overridden = { daysAfterPeriodEnd: 5, cityOverrides: { '1101': 7 } };
    expect(deadlineFor(overridden, village, p('2026-03'))).toBe('2026-04-07T15:59:59.000Z');
    expect(deadlineFor(overridden, parseUnitCode('1101'), p('2026-03'))).toBe('2026-04-07T15:59:59.000Z');
    expect(deadlineFor(overridden, parseUnitCode('310101001001'), p('2026-03'))).toBe('2026-04-05T15:59:59.000Z');
  });

  it('calls a submission at the deadline on time and one second later one day late', () => {
    const deadline = '2026-04-05T15:59:59.000Z';
    expect(timeliness(deadline, '2026-04-05T15:59:59.000Z')).toEqual({ onTime: true, daysLate: 0 });
    expect(timeliness(deadline, '2026-04-05T16:00:00.000Z')).toEqual({ onTime: false, daysLate: 1 });
    expect(timeliness(deadline, '2026-04-08T12:00:00.000Z')).toEqual({ onTime: false, daysLate: 3 });
  });

  it('compares an instant with a deadline as instants, whatever form either is written in', () => {
    const deadline = '2026-04-05T15:59:59.000Z';
    expect(isAtOrBefore('2026-04-05T15:59:59.000Z', deadline)).toBe(true);
    expect(isAtOrBefore('2026-04-05T15:59:59.001Z', deadline)).toBe(false);
    expect(isAtOrBefore('2025-12-31T23:59:59.999Z', deadline)).toBe(true);
    // The same instants with an offset, or without milliseconds: parsed, not compared as text.
    expect(isAtOrBefore('2026-04-05T23:59:59+08:00', deadline)).toBe(true);
    expect(isAtOrBefore('2026-04-06T00:00:00+08:00', deadline)).toBe(false);
    expect(isAtOrBefore('2026-04-05T16:00:00Z', deadline)).toBe(false);
    expect(isAtOrBefore('2026-04-05T15:59:59Z', deadline)).toBe(true);
  });

  it('remembers deadlines by form, city and period, asked in any order', () => {
    const catalogue = {
      get: (form: string) => ({
        deadline: form === 'patent' ? { daysAfterPeriodEnd: 10, cityOverrides: {} } : overriddenRule,
      }),
    };
    const overriddenRule = { daysAfterPeriodEnd: 5, cityOverrides: { '1101': 7 } };
    const deadlineOf = createDeadlineMemo(catalogue);
    const ask = (form: string, unit: string, period: string) =>
      deadlineOf({ form, unitCode: parseUnitCode(unit), period });
    // Runs of one city and period, then a change of each in turn: every answer is the rule's own.
    const asked = [
      ask('sanitation', '110101001001', '2026-03'),
      ask('sanitation', '110101001002', '2026-03'),
      ask('sanitation', '310101001001', '2026-03'),
      ask('sanitation', '110102001001', '2026-03'),
      ask('sanitation', '110101001001', '2026-04'),
      ask('patent', '110101001000', '2026-Q1'),
      ask('sanitation', '110101001001', '2026-03'),
    ];
    expect(asked).toEqual([
      '2026-04-07T15:59:59.000Z',
      '2026-04-07T15:59:59.000Z',
      '2026-04-05T15:59:59.000Z',
      '2026-04-07T15:59:59.000Z',
      '2026-05-07T15:59:59.000Z',
      '2026-04-10T15:59:59.000Z',
      '2026-04-07T15:59:59.000Z',
    ]);
  });
});

describe('instants as people give them', () => {
  it('takes a date alone as the start of that day in Asia/Shanghai, and an instant with its offset', async () => {
    const { instantFromText } = await import('../src/index.ts');
    expect(instantFromText('2025-05-01')).toBe('2025-04-30T16:00:00.000Z');
    expect(instantFromText('2025-04-03T12:00:00+08:00')).toBe('2025-04-03T04:00:00.000Z');
    expect(instantFromText('2025-04-03T12:00:00')).toBeNull(); // no offset: which zone?
    expect(instantFromText('2025-13-01')).toBeNull();
  });
});
