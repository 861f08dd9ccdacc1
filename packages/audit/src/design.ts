import { createHash } from 'node:crypto';
import {
  ancestorAtTier,
  AuditRuleError,
  Decimal,
  plainDecimal,
  type AuditDesign,
  type SampledReport,
  type SampleSizeSpec,
  type UnitCode,
} from '@statledger/domain';
import { allocate } from './allocation.ts';
import { selectionV1 } from './legacy-v1.ts';
import { lqasRule } from './lqas.ts';
import { sampleSizeForProportion } from './sample-size.ts';
import { derivedSeed, ppsInclusionProbabilities, ppsSample, simpleRandomSample } from './selection.ts';

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
 * Version 2: every generator is seeded from sha256(seed:purpose); PPS is randomised systematic; allocation
 * re-allocates after capping and gives each stratum at least 2; LQAS judges each township by its own lot.
 * A plan records the version it was drawn with, and replays with it (plans without one are version 1).
 */
export const SELECTION_VERSION = 2;

/**
 * Draws the sample of a plan from its population, its design, size and seed. Pure and deterministic: the
 * population is taken in sorted order, and each draw (the whole sample, or one stratum or township) has a
 * generator seeded from the plan's seed and its own name, so replaying a plan gives the same sample.
 */
export function drawSample(
  population: readonly PopulationReport[],
  design: AuditDesign,
  sizeSpec: SampleSizeSpec,
  seed: number,
  version = SELECTION_VERSION,
): DrawnSample {
  const byReport = new Map(population.map((r) => [r.report, r]));
  const N = byReport.size;
  if (N === 0)
    throw new Error('the population is empty: no report of this form and period has been submitted in the subtree');
  const size =
    'n' in sizeSpec
      ? { n: Math.min(sizeSpec.n, N), formula: 'n given by the auditor', inputs: { populationSize: N } }
      : sampleSizeForProportion(N, sizeSpec.marginOfError, sizeSpec.confidence, sizeSpec.proportion);
  const v1 = version === 1;
  const versioned = (calculation: Record<string, unknown>) =>
    v1 ? calculation : { selectionVersion: version, ...calculation };
  const generatorSeed = (purpose: string) => (v1 ? selectionV1.generatorSeed(seed) : derivedSeed(seed, purpose));

  switch (design.type) {
    case 'simple_random': {
      const chosen = simpleRandomSample([...byReport.keys()], size.n, generatorSeed('simple_random'));
      const selection = `simple random sample without replacement (partial Fisher–Yates over sorted report ids, xoroshiro128+ seeded ${v1 ? 'with the seed' : 'from sha256(seed:simple_random)'})`;
      return {
        calculation: versioned({ size, selection }),
        sample: chosen.map((id) => sampled(byReport.get(id)!, size.n / N)),
      };
    }
    case 'stratified': {
      const strata = groupBy(population, (r) => ancestorAtTier(r.unitCode, 'district'));
      const described = [...strata].map(([key, members]) => ({
        key,
        size: members.length,
        stdDev: design.varianceIndicator
          ? stdDev(members.map((m) => Number(m.values[design.varianceIndicator!] ?? 0)))
          : 0,
      }));
      const neyman = design.allocation === 'neyman';
      if (neyman && described.every((h) => h.stdDev === 0)) {
        throw new AuditRuleError(
          'NO_VARIANCE',
          `${design.varianceIndicator} does not vary within any district; Neyman allocation needs a spread, use proportional allocation`,
        );
      }
      const weighted = described.map((h) => ({
        key: h.key,
        size: h.size,
        weight: neyman ? h.size * h.stdDev : h.size,
      }));
      const allocation = v1
        ? { sizes: selectionV1.allocate(size.n, weighted), minimum: 0, takeAll: [], notes: [] }
        : allocate(size.n, weighted);
      const sample = described.flatMap(({ key }) => {
        const nh = allocation.sizes.get(key)!;
        const members = strata.get(key)!;
        return simpleRandomSample(
          members.map((m) => m.report),
          nh,
          derivedSeed(seed, key),
        ).map((id) => sampled(byReport.get(id)!, nh / members.length, key));
      });
      return {
        calculation: versioned({
          size,
          allocation: `${neyman ? 'Neyman: nₕ ∝ Nₕ·Sₕ' : 'proportional: nₕ ∝ Nₕ'}${v1 ? ', largest remainder' : `, at most Nₕ (the rest re-allocated, Cochran §5.8), at least min(Nₕ, ${allocation.minimum}), largest remainder`}`,
          strata: described.map((h) => ({
            stratum: h.key,
            populationSize: h.size,
            ...(neyman ? { stdDev: h.stdDev } : {}),
            n: allocation.sizes.get(h.key),
            seed: derivedSeed(seed, h.key),
          })),
          ...(allocation.takeAll.length ? { takeAll: allocation.takeAll } : {}),
          ...(allocation.notes.length ? { notes: allocation.notes } : {}),
          selection: 'simple random sample within each stratum from the stratum seed sha256(seed:stratum)',
        }),
        sample: sortByReport(sample),
      };
    }
    case 'pps': {
      const sizes = new Map(
        population.map((r) => [r.report, Math.max(0, Number(r.values[design.sizeIndicator] ?? 0))]),
      );
      const pi = ppsInclusionProbabilities(sizes, size.n);
      const chosen = v1 ? selectionV1.ppsSample(sizes, size.n, seed) : ppsSample(sizes, size.n, generatorSeed('pps'));
      const totalSize = population.reduce(
        (s, r) => s.plus(Decimal.max(0, r.values[design.sizeIndicator] ?? 0)),
        new Decimal(0),
      );
      return {
        calculation: versioned({
          size,
          sizeIndicator: design.sizeIndicator,
          totalSize: v1 ? totalSize.toNumber() : plainDecimal(totalSize),
          formula: 'πᵢ = n·xᵢ/Σx, capped at 1, the rest recomputed',
          certainties: [...pi.values()].filter((p) => p === 1).length,
          selection: v1
            ? 'systematic PPS over sorted report ids from a seeded random start'
            : 'randomised systematic PPS: report ids in a random order, then a random start, both from sha256(seed:pps)',
        }),
        sample: chosen.map((id) => sampled(byReport.get(id)!, pi.get(id)!)),
      };
    }
    case 'lqas': {
      const rule = lqasRule(design.acceptableRate, design.unacceptableRate);
      const lots = groupBy(population, (r) => ancestorAtTier(r.unitCode, 'subdistrict'));
      const lotRules = [...lots].map(([township, members]) => ({
        township,
        ...lqasRule(design.acceptableRate, design.unacceptableRate, members.length),
      }));
      const sample = lotRules.flatMap(({ township, n }) => {
        const members = lots.get(township)!;
        return simpleRandomSample(
          members.map((m) => m.report),
          n,
          derivedSeed(seed, township),
        ).map((id) => sampled(byReport.get(id)!, n / members.length, township));
      });
      const lotsOf = v1
        ? lots.size
        : lotRules.map(({ township, lotSize, n, d, alpha, beta }) => ({
            township,
            populationSize: lotSize,
            n,
            d,
            alpha,
            beta,
          }));
      return {
        calculation: versioned({
          rule,
          lots: lotsOf,
          ...(rule.warning && !v1 ? { warnings: [rule.warning] } : {}),
          selection: `simple random sample of ${rule.n} reports per township (all when fewer) from sha256(seed:township)${v1 ? '' : '; each township judged by the rule for its own lot (hypergeometric)'}`,
        }),
        sample: sortByReport(sample),
      };
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
