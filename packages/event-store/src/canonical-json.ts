import { configure } from 'safe-stable-stringify';

/**
 * RFC 8785 (JCS) canonical JSON of a JSON value: keys sorted by UTF-16 code units, numbers and strings as
 * ECMAScript's JSON.stringify writes them, undefined properties left out. safe-stable-stringify writes
 * exactly that, at about half the cost of the reference package `canonicalize` (a test compares the two);
 * strict, it refuses what has no JSON form (NaN, Infinity, bigint, functions, cycles) instead of guessing.
 */
const stringify = configure({ strict: true, deterministic: true, bigint: false, circularValue: Error });

/** Deeper than any event of ours: a value nested further takes the careful path, which also finds cycles. */
const MAX_DEPTH = 32;

/**
 * Whether JSON.stringify already writes `value` canonically: every object's keys come in sorted order (as an
 * event read back from the log, or built in its schema's sorted order, has them) and every leaf has a JSON form.
 * Objects other than plain ones and arrays (a Date, a Map) take the careful path.
 */
function isCanonicalAsIs(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (depth > MAX_DEPTH) return false;
      if (Array.isArray(value)) {
        for (const item of value) if (item === undefined || !isCanonicalAsIs(item, depth + 1)) return false;
        return true;
      }
      const prototype = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) return false;
      // for…in allocates no array of keys; a plain object inherits no enumerable key.
      let previous: string | undefined;
      for (const key in value) {
        if (previous !== undefined && previous >= key) return false;
        if (!isCanonicalAsIs((value as Record<string, unknown>)[key], depth + 1)) return false;
        previous = key;
      }
      return true;
    }
    default:
      return false;
  }
}

export function canonicalJson(value: unknown): string {
  // JSON.stringify is native and does not sort: where the keys are in order already it is the canonical form.
  const text = isCanonicalAsIs(value, 0) && value !== undefined ? JSON.stringify(value) : stringify(value);
  if (text === undefined) throw new TypeError('value has no JSON representation');
  return text;
}
