import { createHash } from 'node:crypto';
import { ancestorAtTier, AuditRuleError, type AuditDesign, type SampledReport, type SampleSizeSpec, type UnitCode } from '@statledger/domain';
import { neyman, proportional } from './allocation.ts';
import { LQAS_SAMPLE, lqasRule } from './lqas.ts';
import { sampleSizeForProportion } from './sample-size.ts';
import { ppsInclusionProbabilities, ppsSample, simpleRandomSample } from './selection.ts';

/** A report that may be drawn: its stream name, its unit and its current values. */
export interface PopulationReport {
  report: string;
  unitCode: UnitCode;
  values: Readonly<Record<string, string>>;
}

export interface DrawnSample {
  calculation: Record<string, unknown>;
  sample: SampledReport[];
}

/**
 * Draws the sample of a plan from its population, its design, size and seed. Pure and deterministic: the
 * population is taken in sorted order, and each stratum draws from a seed derived from the plan's seed and
 * the stratum's name, so replaying a plan on the same population gives the same sample.
 */
export function drawSample(population: readonly PopulationReport[], design: AuditDesign, sizeSpec: SampleSizeSpec, seed: number): DrawnSample {
  const byReport = new Map(population.map((r) => [r.report, r]));
  const N = byReport.size;
  if (N === 0) throw new Error('the population is empty: no report of this form and period has been submitted in the subtree');
  const size = 'n' in sizeSpec ? { n: Math.min(sizeSpec.n, N), formula: 'n given by the auditor', inputs: { populationSize: N } } : sampleSizeForProportion(N, sizeSpec.marginOfError, sizeSpec.confidence, sizeSpec.proportion);

  switch (design.type) {
    case 'simple_random': {
      const chosen = simpleRandomSample([...byReport.keys()], size.n, seed);
      return { calculation: { size, selection: 'simple random sample without replacement (partial Fisher–Yates over sorted report ids, xoroshiro128+)' }, sample: chosen.map((id) => sampled(byReport.get(id)!, size.n / N)) };
    }
    case 'stratified': {
      const strata = groupBy(population, (r) => ancestorAtTier(r.unitCode, 'district'));
      const described = [...strata].map(([key, members]) => ({ key, size: members.length, stdDev: design.varianceIndicator ? stdDev(members.map((m) => Number(m.values[design.varianceIndicator!] ?? 0))) : 0 }));
      if (design.allocation === 'neyman' && described.every((h) => h.stdDev === 0)) {
        throw new AuditRuleError('NO_VARIANCE', `${design.varianceIndicator} does not vary within any district; Neyman allocation needs a spread, use proportional allocation`);
      }
      const allocation = design.allocation === 'neyman' ? neyman(size.n, described) : proportional(size.n, described);
      const sample = described.flatMap(({ key }) => {
        const nh = allocation.get(key)!;
        const members = strata.get(key)!;
        return simpleRandomSample(members.map((m) => m.report), nh, stratumSeed(seed, key)).map((id) => sampled(byReport.get(id)!, nh / members.length, key));
      });
      return {
        calculation: {
          size,
          allocation: design.allocation === 'neyman' ? 'Neyman: nₕ ∝ Nₕ·Sₕ, largest remainder' : 'proportional: nₕ ∝ Nₕ, largest remainder',
          strata: described.map((h) => ({ stratum: h.key, populationSize: h.size, ...(design.allocation === 'neyman' ? { stdDev: h.stdDev } : {}), n: allocation.get(h.key), seed: stratumSeed(seed, h.key) })),
          selection: 'simple random sample within each stratum from the stratum seed sha256(seed:stratum)',
        },
        sample: sortByReport(sample),
      };
    }
    case 'pps': {
      const sizes = new Map(population.map((r) => [r.report, Math.max(0, Number(r.values[design.sizeIndicator] ?? 0))]));
      const pi = ppsInclusionProbabilities(sizes, size.n);
      const chosen = ppsSample(sizes, size.n, seed);
      const total = [...sizes.values()].reduce((s, x) => s + x, 0);
      return {
        calculation: { size, sizeIndicator: design.sizeIndicator, totalSize: total, formula: 'πᵢ = n·xᵢ/Σx, capped at 1, the rest recomputed', certainties: [...pi.values()].filter((p) => p === 1).length, selection: 'systematic PPS over sorted report ids from a seeded random start' },
        sample: chosen.map((id) => sampled(byReport.get(id)!, pi.get(id)!)),
      };
    }
    case 'lqas': {
      const rule = lqasRule(design.acceptableRate, design.unacceptableRate);
      const lots = groupBy(population, (r) => ancestorAtTier(r.unitCode, 'subdistrict'));
      const sample = [...lots].flatMap(([key, members]) => {
        const n = Math.min(LQAS_SAMPLE, members.length);
        return simpleRandomSample(members.map((m) => m.report), n, stratumSeed(seed, key)).map((id) => sampled(byReport.get(id)!, n / members.length, key));
      });
      return { calculation: { rule, lots: lots.size, selection: `simple random sample of ${LQAS_SAMPLE} reports per township (all when fewer) from sha256(seed:township)` }, sample: sortByReport(sample) };
    }
  }
}

/** A digest of what was drawn from, so a replay can tell a changed population from a changed algorithm. */
export function populationDigest(population: readonly PopulationReport[]): string {
  const hash = createHash('sha256');
  for (const r of [...population].sort((a, b) => (a.report < b.report ? -1 : 1))) {
    hash.update(`${r.report}\n${JSON.stringify(Object.entries(r.values).sort(([a], [b]) => (a < b ? -1 : 1)))}\n`);
  }
  return hash.digest('hex');
}

export function stratumSeed(seed: number, stratum: string): number {
  return createHash('sha256').update(`${seed}:${stratum}`).digest().readUInt32BE(0) & 0x7fffffff;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))) {
    const k = key(item);
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(item);
  }
  return groups;
}

function stdDev(values: number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
}

function sampled(r: PopulationReport, inclusionProbability: number, stratum?: string): SampledReport {
  return { report: r.report, unitCode: r.unitCode, ...(stratum ? { stratum } : {}), inclusionProbability };
}

function sortByReport(sample: SampledReport[]): SampledReport[] {
  return sample.sort((a, b) => (a.report < b.report ? -1 : 1));
}
