import { formatPeriod, parsePeriod, shiftPeriod, type Period } from '@statledger/domain';

/**
 * Period arithmetic on period texts, remembered: the checks look at the same few dozen periods millions of
 * times (each report's history, its later periods, its group's baselines), so each is parsed once.
 */
export function createPeriodMemo() {
  const parsed = new Map<string, Period>();
  // Keyed by period, then by offset: no key text to build per lookup.
  const shifted = new Map<string, Map<number, string>>();
  const parse = (text: string): Period => {
    let period = parsed.get(text);
    if (!period) parsed.set(text, (period = parsePeriod(text)));
    return period;
  };
  const shift = (text: string, n: number): string => {
    let byOffset = shifted.get(text);
    if (!byOffset) shifted.set(text, (byOffset = new Map()));
    let result = byOffset.get(n);
    if (result === undefined) byOffset.set(n, (result = formatPeriod(shiftPeriod(parse(text), n))));
    return result;
  };
  const afterOf = new Map<string, string[]>();
  return {
    parse,
    /** The period `n` periods after `text` (before it for negative `n`), as text. */
    shift,
    /** The `count` periods after `text`, nearest first. */
    after(text: string, count: number): readonly string[] {
      let result = afterOf.get(text);
      if (!result || result.length < count)
        afterOf.set(text, (result = Array.from({ length: count }, (_, k) => shift(text, k + 1))));
      return result.length === count ? result : result.slice(0, count);
    },
  };
}

export type PeriodMemo = ReturnType<typeof createPeriodMemo>;
