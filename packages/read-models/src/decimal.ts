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

function format(units: bigint | number, scale: number): string {
  const negative = units < 0;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/** Digits a double holds exactly as an integer (2^53 has 16 digits): shorter figures are summed as numbers. */
const EXACT_DIGITS = 15;

const ZERO = 48;
const NINE = 57;
const POINT = 46;
const MINUS = 45;
const shortDecimal = { units: 0, scale: 0 };

/**
 * A decimal string of at most EXACT_DIGITS digits as integer units and a scale ('-12.50' → -1250, 2), or undefined
 * for any other string: a longer one, or one DECIMAL_PATTERN refuses (a leading zero, a point without digits after).
 * The object it gives is reused: read it before the next call.
 */
function readShortDecimal(value: string): { units: number; scale: number } | undefined {
  const negative = value.charCodeAt(0) === MINUS;
  const first = negative ? 1 : 0;
  const end = value.length;
  if (end === first || end - first > EXACT_DIGITS + 1) return undefined;
  let units = 0;
  let point = -1;
  for (let i = first; i < end; i++) {
    const c = value.charCodeAt(i);
    if (c >= ZERO && c <= NINE) units = units * 10 + (c - ZERO);
    else if (c === POINT && point < 0 && i > first && i < end - 1) point = i;
    else return undefined;
  }
  // '0' alone or before the point, never before another digit ('007').
  if (value.charCodeAt(first) === ZERO && end - first > 1 && point !== first + 1) return undefined;
  if (point < 0 && end - first > EXACT_DIGITS) return undefined;
  shortDecimal.units = negative ? -units : units;
  shortDecimal.scale = point < 0 ? 0 : end - point - 1;
  return shortDecimal;
}

/**
 * An exact running sum of decimal strings, kept per scale (a column of figures has one or two): as numbers while
 * every partial sum is a safe integer, which most statistics are, else as BigInt. Each value is parsed once,
 * however many sums it goes into (a village's figure counts in its township, district and city).
 */
export class DecimalSum {
  private readonly small: number[] = [];
  private readonly big: bigint[] = [];
  private count = 0;

  /** Adds a decimal string; returns the sum, so that `new DecimalSum().add(a).add(b)` reads as it sums. */
  add(value: string): this {
    // Most figures are short: read digit by digit, with no pattern, slice or copy; anything else the long way.
    const scaled = readShortDecimal(value);
    if (scaled) {
      this.addUnits(scaled.units, scaled.scale);
      return this;
    }
    if (!DECIMAL_PATTERN.test(value)) throw new Error(`'${value}' is not a decimal string`);
    const point = value.indexOf('.');
    const digits = point < 0 ? value : value.slice(0, point) + value.slice(point + 1);
    const scale = point < 0 ? 0 : value.length - point - 1;
    if (digits.length <= EXACT_DIGITS) this.addUnits(Number(digits), scale);
    else this.addBig(BigInt(digits), scale);
    return this;
  }

  private addUnits(units: number, scale: number) {
    this.count++;
    const total = (this.small[scale] ?? 0) + units;
    if (Number.isSafeInteger(total)) this.small[scale] = total;
    else {
      // Past 2^53 a number sum would round: this scale's sum so far moves to BigInt, exactly.
      this.big[scale] = (this.big[scale] ?? 0n) + BigInt(this.small[scale] ?? 0) + BigInt(units);
      this.small[scale] = 0;
    }
  }

  private addBig(units: bigint, scale: number) {
    this.count++;
    this.big[scale] = (this.big[scale] ?? 0n) + units;
  }

  /** The sum at the largest scale among the values ('1.5' + '2.25' = '3.75'); '0' for none. */
  toString(): string {
    if (this.count === 0) return '0';
    const scale = Math.max(this.small.length, this.big.length) - 1;
    // The common case, every value of one scale and the sum a safe integer: no BigInt needed.
    if (this.big.length === 0 && this.small.every((units, s) => s === scale || units === undefined))
      return format(this.small[scale]!, scale);
    let total = 0n;
    for (let s = 0; s <= scale; s++) {
      const units = BigInt(this.small[s] ?? 0) + (this.big[s] ?? 0n);
      total += rescale({ units, scale: s }, scale);
    }
    return format(total, scale);
  }

  get isEmpty(): boolean {
    return this.count === 0;
  }
}

/** The exact sum, at the largest scale among the inputs ('1.5' + '2.25' = '3.75'); '0' for none. */
export function sumDecimals(values: readonly string[]): string {
  const sum = new DecimalSum();
  for (const value of values) sum.add(value);
  return sum.toString();
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
