import { Decimal as DecimalJs } from 'decimal.js';

/**
 * Decimal arithmetic for every figure a person reads or a bureau receives: differences, products, quotients
 * and comparisons at a boundary, where binary floats print 3.0 for 3.05 or flag a ratio of exactly 1.33.
 * 40 significant digits; rounding half away from zero, as statistical tables round.
 */
export const Decimal = DecimalJs.clone({
  precision: 40,
  rounding: DecimalJs.ROUND_HALF_UP,
  toExpNeg: -50,
  toExpPos: 50,
});
export type Decimal = InstanceType<typeof Decimal>;
export type DecimalValue = DecimalJs.Value;

/** `value` with exactly `places` decimals, never an exponent and never a negative zero. */
export function fixedDecimal(value: DecimalJs.Value, places: number): string {
  const text = new Decimal(value).toFixed(places);
  return /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
}

/** `value` without trailing zeros after the point ('1.2300' → '1.23', '-0' → '0'), never an exponent. */
export function plainDecimal(value: DecimalJs.Value): string {
  const d = new Decimal(value);
  return d.isZero() ? '0' : d.toFixed();
}
