import { describe, expect, it } from 'vitest';
import { competitionRanks, interpolate, scoreLine, type LineContext } from '../src/index.ts';
import type { SchemeIndicator } from '../src/scheme.ts';

const ctx = (profile?: string): LineContext => ({
  year: 2025,
  attribute: (name) => (name === 'enterprise_profile' ? profile : undefined),
});
const line = (points: number, rule: unknown, whenUnmeasured: 'zero' | 'full' = 'zero') =>
  ({
    code: 'X',
    group: 'G',
    name: 'x',
    kind: 'quantitative',
    points,
    measure: { kind: 'ledger', name: 'timelinessRate', form: 'sanitation' },
    rule,
    whenUnmeasured,
  }) as SchemeIndicator & { rule: never };

// Every expected score below is worked by hand from the rule's definition.
describe('scoring rules', () => {
  it('scores linearly between thresholds, flat outside them, rising or falling', () => {
    const rising = line(15, {
      type: 'linear',
      steps: [
        [80, 0],
        [100, 1],
      ],
    });
    expect([79, 80, 90, 95, 100, 105].map((v) => scoreLine(rising, v, ctx()).score)).toEqual([
      0, 0, 7.5, 11.25, 15, 15,
    ]);
    const falling = line(15, {
      type: 'linear',
      steps: [
        [0, 1],
        [10, 0],
      ],
    });
    // 2.5 errors per 100 reports: 1 − 2.5/10 = 0.75 of 15.
    expect(scoreLine(falling, 2.5, ctx()).score).toBe(11.25);
    expect(
      interpolate(
        [
          [0, 0],
          [1.6, 1],
        ],
        1.2,
      ),
    ).toBeCloseTo(0.75, 12);
  });

  it('passes or fails against a threshold chosen by the unit’s attribute', () => {
    const threshold = {
      attribute: 'enterprise_profile',
      values: { general: 1.5, above_size: 2, st: 3, high_tech: 5 },
      default: 1.5,
    };
    const rule = line(10, { type: 'pass_fail', operator: '>=', threshold });
    expect(scoreLine(rule, 4.2, ctx('high_tech'))).toMatchObject({ score: 0, formula: '4.2 >= 5: failed' });
    expect(scoreLine(rule, 4.2, ctx('st')).score).toBe(10);
    expect(scoreLine(rule, 1.5, ctx()).score).toBe(10);
    expect(
      scoreLine(
        line(10, { type: 'pass_fail', operator: '>=', threshold: { byYear: { '2025': 1.6 }, default: 1.1 } }),
        1.5,
        ctx(),
      ).score,
    ).toBe(0);
  });

  it('deducts per occurrence down to its cap, and adds bonus points up to the line’s', () => {
    const deduction = line(5, { type: 'deduction', per: 0.5, cap: 5 });
    expect([0, 3, 20].map((v) => scoreLine(deduction, v, ctx()).score)).toEqual([5, 3.5, 0]);
    const capped = line(10, { type: 'deduction', per: 5, cap: 10 });
    expect(scoreLine(capped, 1, ctx()).score).toBe(5);
    const bonus = line(5, { type: 'bonus', per: 2 });
    expect([0, 2, 4].map((v) => scoreLine(bonus, v, ctx()).score)).toEqual([0, 4, 5]);
  });

  it('scores a line with nothing measured as nothing, or in full where the scheme says so', () => {
    expect(
      scoreLine(
        line(10, {
          type: 'linear',
          steps: [
            [0, 1],
            [10, 0],
          ],
        }),
        null,
        ctx(),
      ).score,
    ).toBe(0);
    expect(
      scoreLine(
        line(
          10,
          {
            type: 'linear',
            steps: [
              [0, 1],
              [10, 0],
            ],
          },
          'full',
        ),
        null,
        ctx(),
      ).score,
    ).toBe(10);
  });

  it('shares a place between equal totals and skips the next (1, 2, 2, 4)', () => {
    expect(competitionRanks([90, 85, 85, 70])).toEqual([1, 2, 2, 4]);
    expect(competitionRanks([60, 60, 60])).toEqual([1, 1, 1]);
  });
});
