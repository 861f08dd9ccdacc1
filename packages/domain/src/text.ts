import { z } from 'zod';

/** C0 and C1 control characters and DEL: a terminal runs some of them (ESC starts an escape sequence). */
/* eslint-disable no-control-regex -- finding control characters is what these are for */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
/* eslint-enable no-control-regex */

/** Lengths of free text: a name, a line (inspector, evidence) and a reason or comment of a few paragraphs. */
export const TEXT_LIMITS = { name: 200, line: 500, reason: 2_000 } as const;

/**
 * Free text a person types (a reason, a comment, a name): trimmed, not empty, at most `max` characters, and
 * without control characters, which would be kept in the log forever and printed to every later reader.
 */
export function freeTextSchema(max: number, what = 'text') {
  return z
    .string()
    .trim()
    .min(1, `the ${what} is empty`)
    .max(max, `the ${what} is longer than ${max} characters`)
    .refine(
      (text) => !CONTROL.test(text),
      `the ${what} contains a control character (such as ESC, BEL or a line break); send plain text`,
    );
}

/** Text for a terminal or a log: control characters shown as \u{…} escapes instead of acted on. */
export function printable(text: string): string {
  return text.replace(CONTROLS, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

/** Characters that make a spreadsheet read a cell as a formula (CSV injection): = + - @ tab and CR first. */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/** Whether a spreadsheet would take this text, as the first thing in a cell, for a formula. */
export const startsLikeFormula = (text: string): boolean => FORMULA_START.test(text) && !PLAIN_NUMBER.test(text);

/**
 * A CSV cell that no spreadsheet evaluates: text that would start a formula is prefixed with an apostrophe,
 * as OWASP advises; numbers (-5.2 %) stay numbers. Every CSV statledger writes passes its cells through this.
 */
export function csvSafe<T>(value: T): T | string {
  return typeof value === 'string' && startsLikeFormula(value) ? `'${value}` : value;
}

/** Every cell of a row through csvSafe: what fast-csv's `transform` is given by every CSV writer. */
export function csvSafeRow<Row extends object>(row: Row): Row {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, csvSafe(value)])) as Row;
}
