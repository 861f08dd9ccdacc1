import { DECIMAL_PATTERN } from '@statledger/domain';

/**
 * Exact sums of decimal strings: a ledger must add up to the digit, so figures are summed as scaled
 * integers (BigInt), never as floats. Ratios, computed at read time, are the only rounded results.
 */
interface Scaled {
  units: bigint;
  scale: number;
}

function parse(value: string): Scaled {
  if (!DECIMAL_PATTERN.test(value)) throw new Error(`'${value}' is not a decimal string`);
  const point = value.indexOf('.');
  // BigInt reads the sign and leading zeros itself: '-0.05' is -5 hundredths.
  return point < 0
    ? { units: BigInt(value), scale: 0 }
    : { units: BigInt(value.slice(0, point) + value.slice(point + 1)), scale: value.length - point - 1 };
}

function rescale(x: Scaled, scale: number): bigint {
  return x.units * 10n ** BigInt(scale - x.scale);
}

function format(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/** The exact sum, at the largest scale among the inputs ('1.5' + '2.25' = '3.75'); '0' for none. */
export function sumDecimals(values: readonly string[]): string {
  if (values.length === 0) return '0';
  // Summed per scale first (a column of figures has one or two), so each scale is brought to the largest once.
  const unitsByScale: bigint[] = [];
  for (const value of values) {
    const { units, scale } = parse(value);
    unitsByScale[scale] = (unitsByScale[scale] ?? 0n) + units;
  }
  const scale = unitsByScale.length - 1;
  let total = 0n;
  unitsByScale.forEach((units, s) => (total += rescale({ units, scale: s }, scale)));
  return format(total, scale);
}

/** numerator / denominator × scale, rounded half away from zero to `digits` decimals; null when the denominator is 0. */
export function ratio(numerator: string, denominator: string, scale: number, digits = 4): string | null {
  const n = parse(numerator);
  const d = parse(denominator);
  if (d.units === 0n) return null;
  const common = Math.max(n.scale, d.scale);
  // (n / d) · scale · 10^digits, in integers, then one rounding step.
  const top = rescale(n, common) * BigInt(Math.round(scale * 1e6)) * 10n ** BigInt(digits);
  const bottom = rescale(d, common) * 1_000_000n;
  const quotient = top / bottom;
  const remainder = top % bottom;
  const away = 2n * (remainder < 0n ? -remainder : remainder) >= (bottom < 0n ? -bottom : bottom);
  const sign = top < 0n !== bottom < 0n ? -1n : 1n;
  return format(away ? quotient + sign : quotient, digits);
}
