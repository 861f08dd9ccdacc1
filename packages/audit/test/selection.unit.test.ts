import chiSquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import { describe, expect, it } from 'vitest';
import type { AuditDesign, SampleSizeSpec } from '@statledger/domain';
import { drawSample, ppsInclusionProbabilities, selectionV1 } from '../src/index.ts';
import { population } from './population-fixture.ts';

const SEEDS = 3_000;
const short = (report: string) => report.slice(-17);

/**
 * Over consecutive seeds each report must be drawn about as often as its inclusion probability says:
 * X² = Σ (Oᵢ − Eᵢ)² / (Eᵢ·(1 − πᵢ)), Eᵢ = seeds·πᵢ, over the reports with 0 < πᵢ < 1, against χ² with one degree
 * of freedom fewer than such reports (the sample size is fixed). The p-value is from @stdlib's χ² CDF.
 */
function selectionFrequencies(draw: (seed: number) => { report: string; inclusionProbability: number }[]) {
  const drawn = new Map<string, number>();
  const pi = new Map<string, number>();
  for (let seed = 0; seed < SEEDS; seed++) {
    for (const s of draw(seed)) {
      drawn.set(s.report, (drawn.get(s.report) ?? 0) + 1);
      pi.set(s.report, s.inclusionProbability);
    }
  }
  for (const r of population) if (!pi.has(r.report)) pi.set(r.report, NaN);
  const random = [...pi].filter(([, p]) => p > 0 && p < 1);
  const x2 = random.reduce(
    (s, [report, p]) => s + ((drawn.get(report) ?? 0) - SEEDS * p) ** 2 / (SEEDS * p * (1 - p)),
    0,
  );
  return { x2, df: random.length - 1, pValue: 1 - chiSquareCdf(x2, random.length - 1), drawn, pi };
}

const designs: [string, AuditDesign, SampleSizeSpec][] = [
  ['simple random', { type: 'simple_random' }, { n: 8 }],
  ['stratified, proportional', { type: 'stratified', allocation: 'proportional' }, { n: 10 }],
  [
    'stratified, Neyman',
    { type: 'stratified', allocation: 'neyman', varianceIndicator: 'SAN_WASTE_COLLECTED' },
    { n: 10 },
  ],
  ['PPS', { type: 'pps', sizeIndicator: 'SAN_WASTE_COLLECTED' }, { n: 8 }],
  ['LQAS', { type: 'lqas', acceptableRate: 0.1, unacceptableRate: 0.4 }, { n: 19 }],
];

describe('every design draws each report with its inclusion probability, whatever the seed', () => {
  it.each(designs)(
    '%s: over 3,000 consecutive seeds the selection frequencies fit π (χ², p > 0.001)',
    (_, design, size) => {
      const result = selectionFrequencies((seed) => drawSample(population, design, size, seed).sample);
      expect(result.pValue, `X² ${result.x2.toFixed(1)} on ${result.df} df`).toBeGreaterThan(0.001);
    },
  );

  it('the PPS of selection version 1 fails the same test: its start hardly depended on small seeds', () => {
    const sizes = new Map(population.map((r) => [r.report, Number(r.values.SAN_WASTE_COLLECTED)]));
    const pi = ppsInclusionProbabilities(sizes, 8);
    const result = selectionFrequencies((seed) =>
      selectionV1.ppsSample(sizes, 8, seed).map((report) => ({ report, inclusionProbability: pi.get(report)! })),
    );
    expect(result.pValue).toBeLessThan(1e-12);
  });

  it('seeds 7, 8 and 1000 give three different PPS samples', () => {
    const samples = [7, 8, 1000].map((seed) =>
      JSON.stringify(drawSample(population, designs[3]![1], { n: 8 }, seed).sample),
    );
    expect(new Set(samples).size).toBe(3);
  });
});

describe('plans recorded by selection version 1 still replay identically', () => {
  // Drawn with seed 7 by the code before version 2 (git 3ba04f8, packages/audit/src/design.ts) on this population.
  const recorded: Record<string, string[]> = {
    'simple random': [
      '101001001-2025-03',
      '101001011-2025-03',
      '101002001-2025-03',
      '101002004-2025-03',
      '102001006-2025-03',
      '102001015-2025-03',
      '102001016-2025-03',
      '102001017-2025-03',
    ],
    'stratified, proportional': [
      '101001007-2025-03',
      '101001010-2025-03',
      '101001011-2025-03',
      '101002001-2025-03',
      '101002006-2025-03',
      '102001002-2025-03',
      '102001004-2025-03',
      '102001009-2025-03',
      '102001012-2025-03',
      '102001013-2025-03',
    ],
    'stratified, Neyman': [
      '101002006-2025-03',
      '102001002-2025-03',
      '102001003-2025-03',
      '102001004-2025-03',
      '102001007-2025-03',
      '102001009-2025-03',
      '102001012-2025-03',
      '102001013-2025-03',
      '102001018-2025-03',
      '102001020-2025-03',
    ],
    PPS: [
      '102001003-2025-03',
      '102001009-2025-03',
      '102001012-2025-03',
      '102001015-2025-03',
      '102001017-2025-03',
      '102001018-2025-03',
      '102001019-2025-03',
      '102001020-2025-03',
    ],
  };
  it.each(designs.filter(([name]) => name in recorded))('%s', (name, design, size) => {
    expect(drawSample(population, design, size, 7, 1).sample.map((s) => short(s.report))).toEqual(recorded[name]);
    expect(drawSample(population, design, size, 7).calculation.selectionVersion).toBe(2);
  });
});
