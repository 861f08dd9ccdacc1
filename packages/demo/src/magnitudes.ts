import type { Random } from './random.ts';

/**
 * Values are kept in integer hundredths while generated, so a township's own total is the exact sum of its
 * villages' figures, and formatted as decimal strings only at the end.
 */
export type Hundredths = Record<string, number>;

export function toDecimalValues(values: Hundredths, integerCodes: ReadonlySet<string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([code, v]) => [
      code,
      integerCodes.has(code) ? String(Math.round(v / 100)) : (v / 100).toFixed(2),
    ]),
  );
}

export function sumValues(all: Hundredths[]): Hundredths {
  const total: Hundredths = {};
  for (const values of all) for (const [code, v] of Object.entries(values)) total[code] = (total[code] ?? 0) + v;
  return total;
}

const cents = (x: number) => Math.max(0, Math.round(x * 100));

/**
 * A village's sanitation profile: its typical month, drawn once; months vary around it with the seasons.
 * Villages range from hamlets to urban communities of ten thousand people: magnitudes span about two orders
 * (σ of ln 1.3), which is also what makes honest figures follow Benford's law.
 */
export function sanitationProfile(random: Random) {
  return {
    road: random.logNormal(3, 0.7),
    collected: random.logNormal(150, 1.3),
    harmlessShare: random.uniform(0.95, 1),
    nightSoil: random.logNormal(15, 1.3),
    construction: random.logNormal(40, 1.3),
    toilets: Math.max(1, Math.round(random.logNormal(6, 0.5))),
    cleaners: Math.max(2, Math.round(random.logNormal(15, 0.6))),
  };
}
export type SanitationProfile = ReturnType<typeof sanitationProfile>;

export function sanitationMonth(profile: SanitationProfile, month: number, random: Random, growth = 1): Hundredths {
  // More waste in summer, less in winter, a little more each year; stocks move rarely.
  const season = growth * (1 + 0.08 * Math.sin((2 * Math.PI * (month - 4)) / 12));
  const noise = () => season * random.uniform(0.93, 1.07);
  if (random.chance(0.05)) profile.toilets += 1;
  if (random.chance(0.1)) profile.cleaners = Math.max(2, profile.cleaners + random.pick([-1, 1]));
  const collected = cents(profile.collected * noise());
  return {
    SAN_ROAD_AREA: cents(profile.road * random.uniform(0.98, 1.02)),
    SAN_WASTE_COLLECTED: collected,
    SAN_WASTE_HARMLESS: Math.round(collected * profile.harmlessShare),
    SAN_NIGHT_SOIL: cents(profile.nightSoil * noise()),
    SAN_CONSTRUCTION_WASTE: cents(profile.construction * growth * random.uniform(0.9, 1.1)),
    SAN_PUBLIC_TOILETS: profile.toilets * 100,
    SAN_CLEANERS: profile.cleaners * 100,
  };
}

/** A subdistrict's patent activity: its level and shares persist; each quarter varies around them. */
export function patentProfile(random: Random) {
  const level = random.logNormal(45, 0.9);
  const inventionShare = random.uniform(0.25, 0.5);
  const grantRate = random.uniform(0.45, 0.75);
  const inventionGrantShare = random.uniform(0.2, 0.4);
  return (growth: number): Hundredths => {
    const applications = Math.max(1, Math.round(level * growth * random.uniform(0.9, 1.1)));
    const grants = Math.round(applications * grantRate * random.uniform(0.95, 1.05));
    return {
      PAT_APPLICATIONS: applications * 100,
      PAT_INVENTION_APPLICATIONS: Math.round(applications * inventionShare * random.uniform(0.95, 1.05)) * 100,
      PAT_GRANTS: grants * 100,
      PAT_INVENTION_GRANTS: Math.round(grants * inventionGrantShare * random.uniform(0.95, 1.05)) * 100,
    };
  };
}

/** A subdistrict's R&D and finance figures (10k CNY): a persistent level, a year's growth, year-to-date shares by quarter. */
export function rndProfile(random: Random) {
  const rnd = random.logNormal(25_000, 1);
  const fiscal = random.logNormal(120_000, 0.6);
  const base = {
    RND_EXPENDITURE: rnd,
    RND_ENTERPRISE_EXPENDITURE: rnd * random.uniform(0.6, 0.85),
    ENT_SALES_REVENUE: rnd * random.uniform(25, 45),
    FISCAL_ST_EXPENDITURE: fiscal * random.uniform(0.03, 0.08),
    FISCAL_EXPENDITURE: fiscal,
    GDP: random.logNormal(1_200_000, 0.8),
  };
  return (growth: number) => {
    const annual = Object.fromEntries(
      Object.entries(base).map(([code, v]) => [code, v * growth * random.uniform(0.97, 1.03)]),
    );
    const q1 = random.uniform(0.2, 0.23);
    const q2 = q1 + random.uniform(0.24, 0.27);
    const q3 = q2 + random.uniform(0.24, 0.27);
    const shares = [q1, q2, q3, 1];
    return (quarter: number): Hundredths =>
      Object.fromEntries(Object.entries(annual).map(([code, v]) => [code, cents(v * shares[quarter - 1]!)]));
  };
}
