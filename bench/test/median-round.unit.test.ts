import { describe, expect, it } from 'vitest';
import { medianRound } from '../src/rounds.ts';

describe('the median round of a rebuild against its raw replay', () => {
  it('gives the round whose ratio is the median, with every round’s ratio in its order', () => {
    const rounds = [
      { rebuild: 50, raw: 100 },
      { rebuild: 90, raw: 300 },
      { rebuild: 100, raw: 250 },
    ];
    // 0.5, 0.3 and 0.4: the third round's 0.4, a rebuild and the replay just before it; the medians of each side
    // (90 and 250) would pair figures of different rounds: 0.36.
    expect(medianRound(rounds, (r) => r.rebuild / r.raw)).toEqual({ rebuild: 100, raw: 250, ratios: [0.5, 0.3, 0.4] });
    // Of an even count, the lower of the two middle rounds.
    expect(medianRound(rounds.slice(0, 2), (r) => r.rebuild / r.raw)).toMatchObject({ rebuild: 90 });
  });
});
