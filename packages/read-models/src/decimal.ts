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
  const negative = value.startsWith('-');
  const [whole, fraction = ''] = value.replace('-', '').split('.');
  const units = BigInt(`${whole}${fraction}`);
  return { units: negative ? -units : units, scale: fraction.length };
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
  const parsed = values.map(parse);
  const scale = Math.max(...parsed.map((p) => p.scale));
  return format(parsed.reduce((total, p) => total + rescale(p, scale), 0n), scale);
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
  const sign = (top < 0n) !== (bottom < 0n) ? -1n : 1n;
  return format(away ? quotient + sign : quotient, digits);
}
