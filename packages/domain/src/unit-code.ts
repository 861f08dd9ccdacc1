import { z } from 'zod';
import { InvalidUnitCodeError } from './errors.ts';

/**
 * 统计用区划代码: 12 digits `PP CC DD TTT VVV`. Groups are listed from the top down;
 * the tier of a code is the name of its lowest non-zero group.
 */
const GROUPS = [
  { name: 'province', label: 'province group PP', start: 0, length: 2 },
  { name: 'city', label: 'city group CC', start: 2, length: 2 },
  { name: 'district', label: 'district/county group DD', start: 4, length: 2 },
  { name: 'subdistrict', label: 'township/subdistrict group TTT', start: 6, length: 3 },
  { name: 'village', label: 'village group VVV', start: 9, length: 3 },
] as const;

const ZERO = '0'.charCodeAt(0);

export const TIERS = ['province', 'city', 'district', 'subdistrict', 'village'] as const;
export type Tier = (typeof TIERS)[number];
/** Tiers whose units report; the province exists only as the upstream bureau. */
export const REPORTING_TIERS = ['city', 'district', 'subdistrict', 'village'] as const satisfies readonly Tier[];

export type UnitCode = string & { readonly __brand: 'UnitCode' };

const SHORT_FORM_LENGTHS: Record<number, string> = {
  2: 'province',
  4: 'city',
  6: 'district',
  9: 'township',
  12: 'village',
};

/** Parses a code in full (12) or short (2, 4, 6, 9 digits) form; short forms are padded with zeros. */
export function parseUnitCode(input: string): UnitCode {
  if (typeof input !== 'string')
    throw new InvalidUnitCodeError(String(input), 'a unit code must be a string of digits');
  const nonDigit = /\D/.exec(input);
  if (nonDigit) {
    const group = groupAt(nonDigit.index);
    throw new InvalidUnitCodeError(
      input,
      `character '${nonDigit[0]}' at position ${nonDigit.index + 1} is not a digit${group ? ` (in the ${group.label})` : ''}`,
    );
  }
  if (!(input.length in SHORT_FORM_LENGTHS)) {
    throw new InvalidUnitCodeError(
      input,
      `has ${input.length} digits; expected 12 (or a short form of 2, 4, 6 or 9 digits, padded with zeros)`,
    );
  }
  const code = input.padEnd(12, '0');
  let zeroAbove: (typeof GROUPS)[number] | undefined;
  for (const group of GROUPS) {
    const isZero = isZeroGroup(code, group);
    if (group.name === 'province' && isZero) {
      throw new InvalidUnitCodeError(input, 'the province group PP is 00; every code belongs to a province');
    }
    if (!isZero && zeroAbove) {
      // Cities without districts (不设区的地级市: 东莞 4419, 中山 4420, 儋州 4604, 嘉峪关 6202) number their
      // townships under a zero district group; the township's parent is then the city.
      if (zeroAbove.name === 'district' && group.name === 'subdistrict') {
        zeroAbove = undefined;
        continue;
      }
      const digits = code.slice(group.start, group.start + group.length);
      throw new InvalidUnitCodeError(
        input,
        `the ${group.label} is ${digits} under a zero ${zeroAbove.label}; a unit cannot sit below a missing tier`,
      );
    }
    if (isZero && !zeroAbove) zeroAbove = group;
  }
  return code as UnitCode;
}

export function isUnitCode(input: string): boolean {
  try {
    parseUnitCode(input);
    return true;
  } catch {
    return false;
  }
}

/** Whether a code's group is all zeros, read digit by digit (no slice or pattern: a fold asks for every report). */
function isZeroGroup(code: string, group: (typeof GROUPS)[number]): boolean {
  for (let d = group.start; d < group.start + group.length; d++) if (code.charCodeAt(d) !== ZERO) return false;
  return true;
}

export function tierOf(code: UnitCode): Tier {
  for (let i = GROUPS.length - 1; i >= 0; i--) {
    const group = GROUPS[i]!;
    if (!isZeroGroup(code, group)) return group.name;
  }
  /* c8 ignore next: parseUnitCode guarantees a non-zero province */
  throw new InvalidUnitCodeError(code, 'has no non-zero group');
}

/** The parent is the code with its lowest non-zero group zeroed; a province has none. */
export function parentOf(code: UnitCode): UnitCode | null {
  const tier = tierOf(code);
  if (tier === 'province') return null;
  const group = GROUPS.find((g) => g.name === tier)!;
  return (code.slice(0, group.start) + '0'.repeat(12 - group.start)) as UnitCode;
}

/** Ancestors from the parent up to the province. */
export function ancestorsOf(code: UnitCode): UnitCode[] {
  const result: UnitCode[] = [];
  for (let parent = parentOf(code); parent; parent = parentOf(parent)) result.push(parent);
  return result;
}

/** True when `code` is `root` itself or lies below it. */
export function isWithinSubtree(code: UnitCode, root: UnitCode): boolean {
  return code === root || ancestorsOf(code).includes(root);
}

/** The unit itself when it is of that tier, else its ancestor of that tier; a unit above the tier is its own. */
export function ancestorAtTier(code: UnitCode, tier: Tier): UnitCode {
  if (tierOf(code) === tier) return code;
  return ancestorsOf(code).find((a) => tierOf(a) === tier) ?? code;
}

/** The significant prefix of a code (its short form), e.g. 110101000000 → 110101. */
export function shortForm(code: UnitCode): string {
  const tier = tierOf(code);
  const group = GROUPS.find((g) => g.name === tier)!;
  return code.slice(0, group.start + group.length);
}

function groupAt(index: number) {
  return GROUPS.find((g) => index >= g.start && index < g.start + g.length);
}

/** zod schema: accepts full or short codes and yields the padded, validated code. */
export const unitCodeSchema = z.string().transform((value, ctx) => {
  try {
    return parseUnitCode(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});
