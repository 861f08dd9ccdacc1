import {
  reportStreamName,
  type IndicatorValues,
  type ReportKey,
  type Source,
  type TargetKey,
  type UnitCode,
} from '@statledger/domain';
import type { Principal } from '@statledger/intake';
import type { CityTree, DemoUnit } from './china-division.ts';
import { emptyFaultRegister, type FaultRegister } from './faults.ts';
import {
  patentProfile,
  rndProfile,
  sanitationMonth,
  sanitationProfile,
  sumValues,
  toDecimalValues,
  type Hundredths,
} from './magnitudes.ts';
import { seededRandom, type Random } from './random.ts';
import { months, quarters, workingDaysLater, workingTimeAfter } from './timeline.ts';

export type DemoAction = { at: number; key: ReportKey; actor: Principal } & (
  | { kind: 'submit'; values: IndicatorValues }
  | { kind: 'return'; comment: string }
  | { kind: 'correct'; values: IndicatorValues; reason: string }
  | { kind: 'approve' }
  | { kind: 'source'; source: Source; values: IndicatorValues }
  | { kind: 'target'; target: TargetKey; value: string; reason?: string }
);

export interface Scenario {
  actions: DemoAction[];
  /** Resident population (常住人口) as the statistics bureau publishes it for each subdistrict, district and the city. */
  population: { code: UnitCode; value: number }[];
  faults: FaultRegister;
  fabricatedDistrict: DemoUnit;
}

const STOCKS = new Set([
  'SAN_PUBLIC_TOILETS',
  'SAN_CLEANERS',
  'PAT_APPLICATIONS',
  'PAT_INVENTION_APPLICATIONS',
  'PAT_GRANTS',
  'PAT_INVENTION_GRANTS',
]);
const reporter = (district: UnitCode): Principal => ({
  id: `demo-reporter-${district}`,
  role: 'reporter',
  unit: district,
});
const approver = (unit: UnitCode): Principal => ({ id: `demo-approver-${unit}`, role: 'approver', unit });
/** What the unit's own ledger (统计台账) says, kept beside a fault so an on-site recount can find it. */
const trueTonnes = (truth: Hundredths, indicators: string[]) =>
  Object.fromEntries(indicators.map((i) => [`true:${i}`, (truth[i]! / 100).toFixed(2)]));
const districtOf = (code: UnitCode) => `${code.slice(0, 6)}000000` as UnitCode;

/**
 * A year of a city's reporting, as a time-ordered list of actions, with the faults it carries, preceded by
 * `historyYears` clean years (statistical offices compare with last year). Pure and seeded.
 */
export function buildScenario(tree: CityTree, year: number, seed: number, historyYears = 1): Scenario {
  const random = seededRandom(seed);
  const years = Array.from({ length: historyYears + 1 }, (_, i) => ({
    year: year - historyYears + i,
    growth: 1.03 ** i,
    faulty: i === historyYears,
  }));
  const faults = emptyFaultRegister();
  const actions: DemoAction[] = [];
  const big = tree.districts.filter((d) => tree.villages.filter((v) => districtOf(v.code) === d.code).length >= 100);
  const fabricatedDistrict = random.pick(big.length ? big : tree.districts);

  const lifecycle = (key: ReportKey, values: Hundredths, submittedAt: number, parent: UnitCode) => {
    const decimal = toDecimalValues(values, STOCKS);
    actions.push({ kind: 'submit', at: submittedAt, key, actor: reporter(districtOf(key.unitCode)), values: decimal });
    if (random.chance(0.97))
      actions.push({
        kind: 'approve',
        at: workingDaysLater(submittedAt, random.int(1, 3), random),
        key,
        actor: approver(parent),
      });
  };

  sanitation(tree, years, random, faults, fabricatedDistrict, actions, lifecycle);
  quarterly(tree, years, random, faults, actions, lifecycle);
  actions.sort((a, b) => a.at - b.at);
  return { actions, faults, fabricatedDistrict, population: residentPopulation(tree, random) };
}

interface ScenarioYear {
  year: number;
  growth: number;
  /** Faults are injected in the demo year only; history years are clean. */
  faulty: boolean;
}

function sanitation(
  tree: CityTree,
  years: ScenarioYear[],
  random: Random,
  faults: FaultRegister,
  fabricated: DemoUnit,
  actions: DemoAction[],
  lifecycle: (key: ReportKey, values: Hundredths, at: number, parent: UnitCode) => void,
) {
  const profiles = new Map(tree.villages.map((v) => [v.code, sanitationProfile(random)]));
  const villagesOf = new Map<UnitCode, DemoUnit[]>();
  for (const v of tree.villages) (villagesOf.get(v.parent!) ?? villagesOf.set(v.parent!, []).get(v.parent!)!).push(v);
  const ownProfiles = new Map(tree.subdistricts.map((s) => [s.code, sanitationProfile(random)]));

  for (const { year, growth, faulty } of years)
    months(year).forEach((period, i) => {
      const month = i + 1;
      for (const subdistrict of tree.subdistricts) {
        const truths: Hundredths[] = [];
        for (const village of villagesOf.get(subdistrict.code) ?? []) {
          const truth = sanitationMonth(profiles.get(village.code)!, month, random, growth);
          truths.push(truth);
          const key: ReportKey = { form: 'sanitation', unitCode: village.code, period };
          const stream = reportStreamName(key);
          const isFabricated = faulty && districtOf(village.code) === fabricated.code;
          const reported = { ...truth };
          if (isFabricated) {
            reported.SAN_WASTE_COLLECTED = invented(truth.SAN_WASTE_COLLECTED!, random);
            reported.SAN_WASTE_HARMLESS = reported.SAN_WASTE_COLLECTED;
            reported.SAN_CONSTRUCTION_WASTE = invented(truth.SAN_CONSTRUCTION_WASTE!, random);
            faults.fabricated_district.push({
              report: stream,
              detail: {
                district: fabricated.code,
                ...trueTonnes(truth, ['SAN_WASTE_COLLECTED', 'SAN_WASTE_HARMLESS', 'SAN_CONSTRUCTION_WASTE']),
              },
            });
          } else if (faulty && random.chance(0.004)) {
            faults.missing.push({ report: stream });
            continue;
          }
          let at = workingTimeAfter(period, random.int(1, 5), random);
          if (faulty && !isFabricated) {
            if (random.chance(0.02)) {
              const daysLate = random.int(1, 12);
              at = workingTimeAfter(period, 5 + daysLate, random);
              faults.late.push({ report: stream, detail: { daysLate } });
            } else if (random.chance(0.0015)) {
              reported.SAN_WASTE_COLLECTED = truth.SAN_WASTE_COLLECTED! * 1000;
              faults.wrong_unit_x1000.push({
                report: stream,
                detail: { indicator: 'SAN_WASTE_COLLECTED', true: (truth.SAN_WASTE_COLLECTED! / 100).toFixed(2) },
              });
            } else if (random.chance(0.003)) {
              reported.SAN_WASTE_HARMLESS = Math.round(reported.SAN_WASTE_COLLECTED! * random.uniform(1.05, 1.3));
              faults.harmless_exceeds_collected.push({
                report: stream,
                detail: trueTonnes(truth, ['SAN_WASTE_HARMLESS']),
              });
            } else if (random.chance(0.01)) {
              correctedAfterReturn(key, truth, at, subdistrict.code, random, actions);
              faults.corrected_after_return.push({ report: stream });
              continue;
              // Each chance() is a new draw: this branch is not the one above.
              // eslint-disable-next-line no-dupe-else-if
            } else if (random.chance(0.02)) {
              enterpriseSource(key, truth, at, random, faults, actions);
            }
          }
          lifecycle(key, reported, at, subdistrict.code);
        }
        // The subdistrict's own report: its villages' true total, or its own figures where it has none listed.
        const own = truths.length
          ? sumValues(truths)
          : sanitationMonth(ownProfiles.get(subdistrict.code)!, month, random, growth);
        lifecycle(
          { form: 'sanitation', unitCode: subdistrict.code, period },
          own,
          workingTimeAfter(period, random.int(2, 5), random),
          subdistrict.parent!,
        );
      }
    });
}

/**
 * A figure made up at a desk: of the right order of magnitude for the village (so the district's totals look
 * plausible), but with every leading digit equally likely — far from Benford's law — in whole tonnes, and
 * often rounded to a multiple of 5, as people round what they invent.
 */
function invented(truthCents: number, random: Random): number {
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(1, truthCents / 100)));
  const tonnes = random.int(1, 9) * magnitude + random.int(0, magnitude - 1);
  return (tonnes >= 20 && random.chance(0.6) ? Math.round(tonnes / 5) * 5 : tonnes) * 100;
}

function correctedAfterReturn(
  key: ReportKey,
  truth: Hundredths,
  at: number,
  township: UnitCode,
  random: Random,
  actions: DemoAction[],
) {
  const typo = toDecimalValues({ ...truth, SAN_ROAD_AREA: truth.SAN_ROAD_AREA! * 10 }, STOCKS);
  const returnedAt = workingDaysLater(at, 1, random);
  const correctedAt = workingDaysLater(returnedAt, random.int(1, 2), random);
  const actor = reporter(districtOf(key.unitCode));
  actions.push(
    { kind: 'submit', at, key, actor, values: typo },
    { kind: 'return', at: returnedAt, key, actor: approver(township), comment: '道路清扫保洁面积与台账不符，请核实' },
    {
      kind: 'correct',
      at: correctedAt,
      key,
      actor,
      values: toDecimalValues(truth, STOCKS),
      reason: '按台账更正道路清扫保洁面积',
    },
    { kind: 'approve', at: workingDaysLater(correctedAt, 1, random), key, actor: approver(township) },
  );
}

/** A direct-reporting waste company states the tonnage too; sometimes it disagrees. */
function enterpriseSource(
  key: ReportKey,
  truth: Hundredths,
  at: number,
  random: Random,
  faults: FaultRegister,
  actions: DemoAction[],
) {
  const conflict = random.chance(0.4);
  const factor = conflict ? random.pick([-1, 1]) * random.uniform(0.15, 0.4) : random.uniform(-0.005, 0.005);
  const value = ((truth.SAN_WASTE_COLLECTED! * (1 + factor)) / 100).toFixed(2);
  const source: Source = { type: 'direct_reporting_enterprise', id: `91110101MA0${key.unitCode.slice(6, 12)}` };
  actions.push({
    kind: 'source',
    at: workingDaysLater(at, random.int(0, 2), random),
    key,
    actor: reporter(districtOf(key.unitCode)),
    source,
    values: { SAN_WASTE_COLLECTED: value },
  });
  if (conflict)
    faults.source_conflict.push({
      report: reportStreamName(key),
      detail: { indicator: 'SAN_WASTE_COLLECTED', source: source.type, value },
    });
}

function quarterly(
  tree: CityTree,
  years: ScenarioYear[],
  random: Random,
  faults: FaultRegister,
  actions: DemoAction[],
  lifecycle: (key: ReportKey, values: Hundredths, at: number, parent: UnitCode) => void,
) {
  const patentsOf = new Map(tree.subdistricts.map((s) => [s.code, patentProfile(random)]));
  const rndOf = new Map(tree.subdistricts.map((s) => [s.code, rndProfile(random)]));
  for (const { year, growth, faulty } of years) {
    const rndThisYear = new Map([...rndOf].map(([code, profile]) => [code, profile(growth)]));
    if (faulty) rndTargets(tree, year, rndThisYear, random, actions);
    quarters(year).forEach((period, i) => {
      let cityGdp = 0;
      for (const district of tree.districts) {
        const subs = tree.subdistricts.filter((s) => s.parent === district.code);
        const patents = subs.map((s) => patentsOf.get(s.code)!(growth));
        const rnds = subs.map((s) => rndThisYear.get(s.code)!(i + 1));
        subs.forEach((s, j) => {
          lifecycle(
            { form: 'patent', unitCode: s.code, period },
            patents[j]!,
            workingTimeAfter(period, random.int(2, 9), random),
            district.code,
          );
          rndWithBureauGdp(
            { form: 'rnd', unitCode: s.code, period },
            rnds[j]!,
            workingTimeAfter(period, random.int(3, 14), random),
            district.code,
            random,
            faulty ? faults : null,
            actions,
            lifecycle,
          );
        });
        const city = district.parent!;
        lifecycle(
          { form: 'patent', unitCode: district.code, period },
          sumValues(patents),
          workingTimeAfter(period, random.int(5, 9), random),
          city,
        );
        const districtRnd = sumValues(rnds);
        cityGdp += districtRnd.GDP!;
        rndWithBureauGdp(
          { form: 'rnd', unitCode: district.code, period },
          districtRnd,
          workingTimeAfter(period, random.int(8, 14), random),
          city,
          random,
          null,
          actions,
          lifecycle,
        );
      }
      // The city bureau publishes the city's own GDP; the read models never sum it from the districts.
      const key = { form: 'rnd', unitCode: tree.city.code, period };
      actions.push({
        kind: 'source',
        at: workingTimeAfter(period, 14, random),
        key,
        actor: { id: `demo-bureau-${tree.city.code}`, role: 'admin', unit: 'national' },
        source: { type: 'statistics_bureau' },
        values: { GDP: (cityGdp / 100).toFixed(2) },
      });
    });
  }
}

/** GDP's authoritative source is the statistics bureau: it states every unit's GDP; the science bureau's report sometimes differs. */
function rndWithBureauGdp(
  key: ReportKey,
  truth: Hundredths,
  at: number,
  parent: UnitCode,
  random: Random,
  faults: FaultRegister | null,
  actions: DemoAction[],
  lifecycle: (key: ReportKey, values: Hundredths, at: number, parent: UnitCode) => void,
) {
  const bureauGdp = (truth.GDP! / 100).toFixed(2);
  actions.push({
    kind: 'source',
    at: workingDaysLater(at, random.int(0, 3), random),
    key,
    actor: reporter(districtOf(key.unitCode)),
    source: { type: 'statistics_bureau' },
    values: { GDP: bureauGdp },
  });
  const reported = { ...truth };
  if (faults && random.chance(0.04)) {
    reported.GDP = Math.round(truth.GDP! * (1 + random.pick([-1, 1]) * random.uniform(0.1, 0.25)));
    faults.source_conflict.push({
      report: reportStreamName(key),
      detail: { indicator: 'GDP', source: 'statistics_bureau', value: bureauGdp },
    });
  }
  lifecycle(key, reported, at, parent);
}

const admin = { id: 'demo-admin', role: 'admin' as const, unit: 'national' as const };

/**
 * The city's annual R&D target broken down to districts and towns, set in January; some towns' targets are
 * revised in July. A town's target lies within ±10 % of what it will spend, so progress runs near 100 %.
 */
function rndTargets(
  tree: CityTree,
  year: number,
  rnd: Map<UnitCode, (quarter: number) => Hundredths>,
  random: Random,
  actions: DemoAction[],
) {
  const setAt = workingTimeAfter(`${year - 1}-12`, 20, random);
  const target = (unitCode: UnitCode, cents: number, at: number, reason?: string): DemoAction => ({
    kind: 'target',
    at,
    key: { form: 'rnd', unitCode, period: String(year) },
    actor: admin,
    target: { form: 'rnd', indicator: 'RND_EXPENDITURE', unitCode, year },
    value: (cents / 100).toFixed(2),
    ...(reason ? { reason } : {}),
  });
  let city = 0;
  for (const district of tree.districts) {
    let sum = 0;
    for (const s of tree.subdistricts.filter((s) => s.parent === district.code)) {
      const planned = Math.round(rnd.get(s.code)!(4).RND_EXPENDITURE! * random.uniform(0.9, 1.1));
      sum += planned;
      actions.push(target(s.code, planned, setAt));
      if (random.chance(0.1))
        actions.push(
          target(
            s.code,
            Math.round(planned * random.uniform(0.9, 1.05)),
            workingTimeAfter(`${year}-06`, 15, random),
            '年中调整',
          ),
        );
    }
    city += sum;
    actions.push(target(district.code, sum, setAt));
  }
  actions.push(target(tree.city.code, city, setAt));
}

/** Each tier's own published figure: a district's is close to, but not computed from, its towns'. */
function residentPopulation(tree: CityTree, random: Random): { code: UnitCode; value: number }[] {
  const result: { code: UnitCode; value: number }[] = [];
  let city = 0;
  for (const district of tree.districts) {
    let sum = 0;
    for (const s of tree.subdistricts.filter((s) => s.parent === district.code)) {
      const value = Math.round(random.logNormal(60_000, 0.6));
      sum += value;
      result.push({ code: s.code, value });
    }
    const published = Math.round(sum * random.uniform(1, 1.02));
    city += published;
    result.push({ code: district.code, value: published });
  }
  result.push({ code: tree.city.code, value: city });
  return result;
}
