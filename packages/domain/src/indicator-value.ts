import { z } from 'zod';

/**
 * Indicator values travel as decimal strings of the indicator's stated unit, never floats:
 * sums of floats drift, and a ledger must add up to the digit.
 */
export const DECIMAL_PATTERN = /^-?(0|[1-9]\d*)(\.\d+)?$/;

export const decimalStringSchema = z
  .string()
  .regex(DECIMAL_PATTERN, "expected a decimal number such as '1250' or '31.75' (no exponent, no thousands separator)");

/** Accepts a number or a decimal string on input and yields the canonical decimal string. */
export const indicatorValueInputSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const text = typeof value === 'number' ? numberToDecimal(value) : value.trim();
  if (text === undefined || !DECIMAL_PATTERN.test(text)) {
    ctx.addIssue({ code: 'custom', message: `'${value}' is not a decimal number such as '1250' or '31.75'` });
    return z.NEVER;
  }
  // One zero: '-0' and '-0.00' are '0' and '0.00'; the reported decimals stay.
  return /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
});

function numberToDecimal(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  const text = String(value);
  return /e/i.test(text) ? undefined : text;
}

export function isInteger(value: string): boolean {
  return !value.includes('.') || /\.0+$/.test(value);
}

export function isNegative(value: string): boolean {
  return value.startsWith('-') && !/^-0(\.0+)?$/.test(value);
}
