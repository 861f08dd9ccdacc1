import { describe, expect, it } from 'vitest';
import { rollUp, type ContributingReport } from '../src/index.ts';
import { catalogue, reports, u, units } from './four-tiers.ts';

const sanitation = (period: string) =>
  Object.fromEntries(rollUp({ form: catalogue.get('sanitation'), units, reports, period }).map((f) => [f.unit, f]));

describe('sanitation roll-up through four tiers, March 2025', () => {
  const march = sanitation('2025-03');

  it('sums flows and stocks over units: 东华门 = V1 + V2, the district adds its townships, the city its districts', () => {
    // S1: collected 120 + 10 = 130, harmless 120 + 5 = 125, toilets 7 + 2 = 9
    expect(march['110101001000']!.values).toMatchObject({
      SAN_WASTE_COLLECTED: '130',
      SAN_WASTE_HARMLESS: '125',
      SAN_PUBLIC_TOILETS: '9',
    });
    // D1 = S1 + S2: 130 + 50.5 = 180.5; 125 + 50 = 175; 9 + 3 = 12
    expect(march['110101000000']!.values).toMatchObject({
      SAN_WASTE_COLLECTED: '180.5',
      SAN_WASTE_HARMLESS: '175',
      SAN_PUBLIC_TOILETS: '12',
    });
    // city = D1 + D2, where D2 = V4 + V5 (V6 has no March): 180.5 + 0.3 + 40 = 220.8
    expect(march['110100000000']!.values).toMatchObject({
      SAN_WASTE_COLLECTED: '220.8',
      SAN_WASTE_HARMLESS: '211.3',
      SAN_PUBLIC_TOILETS: '17',
    });
  });

  it('derives the harmless rate as a ratio of sums, not an average of ratios', () => {
    // S1: 125 / 130 · 100 = 96.1538 %, while the mean of the villages' rates is (100 % + 50 %) / 2 = 75 %
    expect(march['110101001000']!.derived.SAN_HARMLESS_RATE).toBe('96.1538');
    // D1: 175 / 180.5 · 100 = 96.95290… → 96.9529
    expect(march['110101000000']!.derived.SAN_HARMLESS_RATE).toBe('96.9529');
  });

  it('says how complete each figure is, and whether it is provisional, final or revised', () => {
    expect(march['110101001001']).toMatchObject({
      tier: 'village',
      received: 1,
      expected: 1,
      status: 'final',
      openFindings: 2,
    });
    expect(march['110101001000']).toMatchObject({ received: 2, expected: 2, status: 'provisional', openFindings: 2 });
    expect(march['110101002000']).toMatchObject({ status: 'revised' });
    expect(march['110101000000']).toMatchObject({ received: 3, expected: 3, status: 'revised' });
    expect(march['110102001000']).toMatchObject({ received: 2, expected: 3, status: 'provisional' });
    expect(march['110100000000']).toMatchObject({ tier: 'city', received: 5, expected: 6 });
    expect(march['110102001003']).toMatchObject({ received: 0, expected: 1, values: { SAN_WASTE_COLLECTED: null } });
  });
});

describe('sanitation, first quarter 2025 from the months', () => {
  const q1 = sanitation('2025-Q1');

  it('sums flows over the months, exactly: 0.1 + 0.2 + 0.3 = 0.6', () => {
    expect(q1['110101001001']!.values.SAN_WASTE_COLLECTED).toBe('330');
    expect(q1['110102001001']!.values.SAN_WASTE_COLLECTED).toBe('0.6');
    // S3: 0.6 + 120 + 40 = 160.6 (V6 reported two months)
    expect(q1['110102001000']!.values.SAN_WASTE_COLLECTED).toBe('160.6');
  });

  it('takes stocks at the quarter\u2019s end, never the sum of the months', () => {
    // V1 toilets 5, 6, 7 → 7 (not 18); V6 has no March, so no quarter-end stock
    expect(q1['110101001001']!.values.SAN_PUBLIC_TOILETS).toBe('7');
    expect(q1['110102001003']!.values.SAN_PUBLIC_TOILETS).toBeNull();
    // city: 7 + 2 + 3 + 1 + 4 = 17
    expect(q1['110100000000']!.values.SAN_PUBLIC_TOILETS).toBe('17');
  });

  it('counts expected reports as units × months', () => {
    expect(q1['110100000000']).toMatchObject({ received: 17, expected: 18, onTime: 15 });
  });
});

describe('R&D: year-to-date values and denominators from the statistics bureau', () => {
  const rnd = catalogue.get('rnd');
  const ytd = (unit: string, quarter: number, value: string): ContributingReport => ({
    unitCode: u(unit),
    period: `2025-Q${quarter}`,
    approved: true,
    revised: false,
    openFindings: 0,
    onTime: true,
    values: {
      RND_EXPENDITURE: value,
      RND_ENTERPRISE_EXPENDITURE: '1',
      ENT_SALES_REVENUE: '10',
      FISCAL_ST_EXPENDITURE: '1',
      FISCAL_EXPENDITURE: '20',
      GDP: '999',
    },
  });
  const rndReports = [1, 2, 3, 4].flatMap((q) => [
    ytd('110101001', q, ['25', '55', '80', '100'][q - 1]!),
    ytd('110101002', q, ['60', '140', '220', '300'][q - 1]!),
  ]);
  // GDP as the bureau publishes it for each tier: the district's is not the sum of its townships'.
  const published: Record<string, string> = {
    '110101001000': '10000',
    '110101002000': '20000',
    '110101000000': '35000',
  };
  const figures = Object.fromEntries(
    rollUp({
      form: rnd,
      units: ['110101', '110101001', '110101002'].map(u),
      reports: rndReports,
      period: '2025',
      denominator: (unit, name) => (name === 'GDP' ? published[unit] : undefined),
      denominatorIndicators: ['GDP'],
    }).map((f) => [f.unit, f]),
  );

  it('takes the year from the fourth quarter\u2019s year-to-date value, not a sum of quarters', () => {
    expect(figures['110101001000']!.values.RND_EXPENDITURE).toBe('100');
    expect(figures['110101000000']!.values.RND_EXPENDITURE).toBe('400');
  });

  it('divides by the GDP published for the district itself: 400 / 35,000 · 100 = 1.1429 %, not 400 / 30,000', () => {
    expect(figures['110101000000']!.values.GDP).toBe('35000');
    expect(figures['110101000000']!.derived.RND_INTENSITY).toBe('1.1429');
    expect(figures['110101001000']!.derived.RND_INTENSITY).toBe('1.0000');
  });
});
