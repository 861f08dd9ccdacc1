import canonicalizeModule from 'canonicalize';

/**
 * RFC 8785 (JCS) canonical JSON. The package is CommonJS (`module.exports = fn`) but its types declare an
 * ES default export, which NodeNext resolution reads as `exports.default`: the cast states what Node loads.
 */
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON representation');
  return text;
}
