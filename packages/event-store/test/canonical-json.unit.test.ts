import canonicalizeModule from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/canonical-json.ts';

// The reference RFC 8785 implementation (CommonJS `module.exports = fn`; its types claim a default export).
const reference = canonicalizeModule as unknown as (input: unknown) => string;

const values: unknown[] = [
  {
    values: { SAN_WASTE_HARMLESS: '98.5', SAN_WASTE_COLLECTED: '100' },
    unitCode: '110101001001',
    note: '东城区 "复核" \u2028\n\t\\',
  },
  // Keys in UTF-16 code-unit order: an astral character (surrogates D83D…) sorts before U+FB01, after 'z' and 'é'.
  { '\ufb01': 1, '😀': 2, z: 3, é: 4, '10': 5, '9': 6, '': 7, A: 8, a: 9 },
  {
    numbers: [0, -0, 1, -1, 0.1, 1e21, 1e-7, 123456789012345680000, 5e-324, 1.7976931348623157e308, 2 ** 53, -1.5e-10],
  },
  { nested: { b: [{ d: null, c: true }, [], {}], a: false }, skipped: undefined, list: [undefined, 'x'] },
  { lone: '\ud800 and \udc00', controls: '\u0000\u001f\u007f' },
  'a string',
  42,
  null,
  [],
];

describe('canonical JSON (RFC 8785)', () => {
  it.each(values.map((v) => [JSON.stringify(v)?.slice(0, 60), v]))(
    'writes %s exactly as the reference implementation',
    (_, value) => {
      expect(canonicalJson(value)).toBe(reference(value));
    },
  );

  // Read back from the log, or built in sorted order, an event is written by JSON.stringify as it is: the same text.
  it.each(values.map((v) => [JSON.stringify(v)?.slice(0, 60), JSON.parse(reference(v) ?? 'null')]))(
    'writes %s, its keys already in order, exactly as the reference implementation',
    (_, value) => {
      expect(canonicalJson(value)).toBe(reference(value));
    },
  );

  it.each([
    ['integer-like keys, which objects enumerate first', { '2': 'b', '10': 'a' }, '{"10":"a","2":"b"}'],
    ['an undefined array item, which is null', { a: [undefined] }, '{"a":[null]}'],
    ['a key out of order deep down', { a: { b: [{ d: 1, c: 2 }] } }, '{"a":{"b":[{"c":2,"d":1}]}}'],
  ])('sorts %s', (_, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
    expect(reference(value)).toBe(expected);
  });

  it('does not depend on the order in which keys were inserted', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
  });

  it.each([
    ['NaN', { n: NaN }],
    ['Infinity', { n: Infinity }],
    ['a bigint', { n: 1n }],
    ['a function', { f: () => 1 }],
    ['NaN with its keys in order', { a: 1, b: NaN }],
    ['a function with its keys in order', { a: 1, b: () => 1 }],
  ])('refuses %s, which has no JSON form', (_, value) => {
    expect(() => canonicalJson(value)).toThrow();
  });

  it('refuses a cycle', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow();
  });
});
