import type { Form, Indicator } from './forms.ts';

/** A value as the server reads it: a plain decimal, an optional minus, no exponent. */
const DECIMAL = /^-?\d+(\.\d+)?$/;

export interface FieldCheck {
  /** Refused: the server would answer 400. */
  error?: { key: string; params?: Record<string, string> };
  /** Accepted but flagged by the quality checks. */
  warning?: { key: string; params?: Record<string, string> };
}

const compare = (a: string, b: string) => Number(a) - Number(b);

/**
 * The checks the server makes on one value, so a field can say what is wrong as it is typed: a number, a whole
 * number for counts, not negative, within the form's limit; outside the tier's plausible range is a warning (the
 * server keeps the value and raises IMPLAUSIBLE_VALUE). The server remains the judge: it checks again.
 */
export function checkValue(indicator: Indicator, raw: string, tier: string): FieldCheck {
  const value = raw.trim();
  if (value === '') return indicator.optional ? {} : { error: { key: 'entry.required' } };
  if (!DECIMAL.test(value)) return { error: { key: 'entry.notNumber' } };
  if (indicator.valueType === 'integer' && value.includes('.')) return { error: { key: 'entry.notInteger' } };
  if (indicator.nonNegative !== false && value.startsWith('-') && Number(value) !== 0)
    return { error: { key: 'entry.negative' } };
  if (indicator.limit && Math.abs(Number(value)) > Number(indicator.limit))
    return { error: { key: 'entry.beyondLimit', params: { limit: indicator.limit } } };
  const range = indicator.plausible?.[tier];
  if (range && ((range.min && compare(value, range.min) < 0) || (range.max && compare(value, range.max) > 0))) {
    return { warning: { key: 'entry.implausible', params: { range: `${range.min ?? '…'} – ${range.max ?? '…'}` } } };
  }
  return {};
}

/** The form's rules between indicators that the values break (e.g. harmless ≤ collected), as the server judges them. */
export function brokenRules(form: Form, values: Record<string, string>) {
  const sum = (codes: string[]) =>
    codes.every((c) => DECIMAL.test(values[c] ?? '')) ? codes.reduce((s, c) => s + Number(values[c]), 0) : null;
  return form.rules.filter((rule) => {
    const [left, right] = [sum(rule.left), sum(rule.right)];
    if (left === null || right === null) return false;
    return rule.operator === '<='
      ? left > right + 1e-9
      : rule.operator === '>='
        ? left < right - 1e-9
        : Math.abs(left - right) > 1e-9;
  });
}
