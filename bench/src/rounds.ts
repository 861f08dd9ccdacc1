/**
 * Rounds of a comparison: ours and its raw limit measured one right after the other, several times. The machine's
 * speed moves by tens of percent between rounds, and two figures taken together move together; the median of each
 * side alone would pair figures of different rounds.
 */

/** The round whose ratio is the median (of an odd count; the lower middle of an even one), with every ratio. */
export function medianRound<T>(rounds: T[], ratioOf: (round: T) => number): T & { ratios: number[] } {
  const sorted = [...rounds].sort((a, b) => ratioOf(a) - ratioOf(b));
  return { ...sorted[Math.floor((sorted.length - 1) / 2)]!, ratios: rounds.map(ratioOf) };
}

/** The rounds of a ratio as the table prints them: "3: 0.45, 0.41, 0.38". */
export const roundsOf = (ratios: number[]) => `${ratios.length}: ${ratios.map((x) => x.toFixed(2)).join(', ')}`;
