import { describe, expect, it } from 'vitest';
import {
  InvalidUnitCodeError,
  ancestorsOf,
  isWithinSubtree,
  parentOf,
  parseUnitCode,
  shortForm,
  tierOf,
  unitCodeSchema,
  type UnitCode,
} from '../src/index.ts';

const code = (c: string) => parseUnitCode(c);

describe('unit codes (统计用区划代码 PP CC DD TTT VVV)', () => {
  it.each([
    ['110000000000', 'province'],
    ['110100000000', 'city'],
    ['110101000000', 'district'],
    ['110101001000', 'subdistrict'],
    ['110101001001', 'village'],
  ] as const)('%s is a %s', (c, tier) => {
    expect(tierOf(code(c))).toBe(tier);
  });

  it('pads short forms of 2, 4, 6 and 9 digits with zeros', () => {
    expect(code('11')).toBe('110000000000');
    expect(code('1101')).toBe('110100000000');
    expect(code('110101')).toBe('110101000000');
    expect(code('110101001')).toBe('110101001000');
  });

  it('gives each code its parent by zeroing the lowest non-zero group', () => {
    expect(parentOf(code('110101001001'))).toBe('110101001000');
    expect(parentOf(code('110101001000'))).toBe('110101000000');
    expect(parentOf(code('110101000000'))).toBe('110100000000');
    expect(parentOf(code('110100000000'))).toBe('110000000000');
    expect(parentOf(code('110000000000'))).toBeNull();
    expect(ancestorsOf(code('110101001001'))).toEqual(['110101001000', '110101000000', '110100000000', '110000000000']);
  });

  it('knows subtrees and short forms', () => {
    expect(isWithinSubtree(code('110101001001'), code('1101'))).toBe(true);
    expect(isWithinSubtree(code('110101'), code('110101'))).toBe(true);
    expect(isWithinSubtree(code('110102001001'), code('110101'))).toBe(false);
    expect(shortForm(code('110101001000'))).toBe('110101001');
  });

  it('numbers the townships of a city without districts (东莞) under a zero district group, below the city', () => {
    const township = code('441900003');
    expect(tierOf(township)).toBe('subdistrict');
    expect(parentOf(township)).toBe(code('4419'));
    expect(parentOf(code('441900003001'))).toBe(township);
    expect(ancestorsOf(code('441900003001'))).toEqual([township, code('4419'), code('44')]);
  });

  it.each([
    ['12345', /has 5 digits/],
    ['441900000001', /village group VVV is 001 under a zero district\/county group DD/],
    ['1101010010011', /has 13 digits/],
    ['11010a001001', /'a' at position 6 is not a digit \(in the district\/county group DD\)/],
    ['000100000000', /province group PP is 00/],
    ['110101000001', /village group VVV is 001 under a zero township\/subdistrict group TTT/],
    ['110001000000', /district\/county group DD is 01 under a zero city group CC/],
    ['', /has 0 digits/],
  ])('rejects %j saying which group is wrong', (input, message) => {
    expect(() => parseUnitCode(input)).toThrow(InvalidUnitCodeError);
    expect(() => parseUnitCode(input)).toThrow(message);
  });

  it('validates through zod with the reason as the issue message', () => {
    const result = unitCodeSchema.safeParse('110101000001');
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toMatch(/village group VVV/);
    expect(unitCodeSchema.parse('110101')).toBe('110101000000' as UnitCode);
  });
});
