import { describe, expect, it } from 'vitest';
import { DomainError, decideTarget, parseUnitCode, targetStreamName } from '../src/index.ts';

const key = { form: 'rnd', indicator: 'RND_EXPENDITURE', unitCode: parseUnitCode('110101'), year: 2025 };

describe('annual targets', () => {
  it('is set once, then revised only with a reason', () => {
    expect(targetStreamName(key)).toBe('target-rnd-RND_EXPENDITURE-110101000000-2025');
    expect(decideTarget(undefined, key, '500000')).toEqual([{ type: 'TargetSet', data: { ...key, value: '500000' } }]);
    expect(decideTarget('500000', key, '500000')).toEqual([]);
    expect(() => decideTarget('500000', key, '520000')).toThrow(DomainError);
    expect(decideTarget('500000', key, '520000', '市政府调整')).toEqual([
      { type: 'TargetRevised', data: { ...key, value: '520000', previous: '500000', reason: '市政府调整' } },
    ]);
  });
});
