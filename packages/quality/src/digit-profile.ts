import {
  BENFORD_EXPECTED,
  BENFORD_MIN_VALUES,
  HEAPING_EXPECTED,
  benford,
  terminalDigitHeaping,
  type VillageValue,
} from './checks/benford.ts';

/**
 * The digits of one indicator's village values in a district and window, for a chart: first digits observed against
 * Benford's proportions, with the screen's MAD and conformity, and the share of terminal digits 0 or 5 against 20 %.
 * `enough` says whether the screens would judge them (50 values each); a chart shows them either way.
 */
export function digitProfile(indicator: string, values: readonly VillageValue[]) {
  const first = benford(values);
  const heaping = terminalDigitHeaping(values);
  return {
    indicator,
    firstDigits: {
      n: first.n,
      villages: first.villages,
      counts: first.counts,
      observed: first.n ? first.observed : first.counts.map(() => 0),
      expected: BENFORD_EXPECTED,
      mad: first.n ? first.mad : null,
      expectedMad: first.n ? first.expectedMad : null,
      conformity: first.n ? first.conformity : null,
      enough: first.n >= BENFORD_MIN_VALUES,
    },
    terminalDigits: {
      n: heaping.n,
      heaped: heaping.heaped,
      share: heaping.share,
      expected: HEAPING_EXPECTED,
      z: heaping.n ? heaping.z : null,
      enough: heaping.n >= BENFORD_MIN_VALUES,
    },
  };
}
