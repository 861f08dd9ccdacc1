import { configure } from 'safe-stable-stringify';

/**
 * RFC 8785 (JCS) canonical JSON of a JSON value: keys sorted by UTF-16 code units, numbers and strings as
 * ECMAScript's JSON.stringify writes them, undefined properties left out. safe-stable-stringify writes
 * exactly that, at about half the cost of the reference package `canonicalize` (a test compares the two);
 * strict, it refuses what has no JSON form (NaN, Infinity, bigint, functions, cycles) instead of guessing.
 */
const stringify = configure({ strict: true, deterministic: true, bigint: false, circularValue: Error });

export function canonicalJson(value: unknown): string {
  const text = stringify(value);
  if (text === undefined) throw new TypeError('value has no JSON representation');
  return text;
}
