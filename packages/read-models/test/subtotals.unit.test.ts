import { describe, expect, it } from 'vitest';
import type { UnitCode } from '@statledger/domain';
import { rollUp, rollUpSubtotals, subtotalKey, type Subtotal } from '../src/index.ts';
import { createSubtotalBook } from '../src/subtotal-book.ts';
import { catalogue, reports, u, units } from './four-tiers.ts';

const form = catalogue.get('sanitation');
const [S1, S3, D1, city, V1, V6] = ['110101001', '110102001', '110101', '1101', '110101001001', '110102001003'].map(
  u,
) as [UnitCode, UnitCode, UnitCode, UnitCode, UnitCode, UnitCode];
const province = u('11');

/** The subtotals the projector would keep after folding the reports (copies: a test may correct one). */
function settled(registered: readonly UnitCode[] = units) {
  const subtotals = new Map<string, Subtotal>();
  const leaves = reports.map((r) => ({ ...r, values: { ...r.values }, form: 'sanitation' }));
  // The ledger's units as the projector's fold has them: those registered so far.
  const known = new Set(registered);
  const book = createSubtotalBook(catalogue, subtotals, {
    reports: () => [],
    units: () => [],
    isRegistered: (unit) => known.has(unit),
  });
  const written = book.settle({ reports: leaves, units: new Set(registered) });
  const of = (unit: UnitCode, period: string) => subtotals.get(subtotalKey('sanitation', period, unit));
  return { book, known, leaves, written, of };
}

describe('subtotals of the units above the leaves', () => {
  it('sums each unit’s reports once per period: S1 = V1 + V2, the city = D1 + D2, up to the province', () => {
    const { of } = settled();
    // March: V1 collected 120 + V2 10 = 130; harmless 120 + 5 = 125; toilets 7 + 2 = 9; V2 awaits approval,
    // V1 has two open findings.
    expect(of(S1, '2025-03')).toEqual({
      received: 2,
      approved: 1,
      revised: 0,
      onTime: 2,
      openFindings: 2,
      sums: {
        SAN_ROAD_AREA: '2',
        SAN_WASTE_COLLECTED: '130',
        SAN_WASTE_HARMLESS: '125',
        SAN_NIGHT_SOIL: '2',
        SAN_CONSTRUCTION_WASTE: '2',
        SAN_PUBLIC_TOILETS: '9',
        SAN_CLEANERS: '2',
      },
    });
    // The city in March: D1 180.5 + V4 0.3 + V5 40 = 220.8 (V6 sent no March); V3's March was revised.
    expect(of(city, '2025-03')).toMatchObject({
      received: 5,
      approved: 4,
      revised: 1,
      onTime: 5,
      sums: { SAN_WASTE_COLLECTED: '220.8', SAN_WASTE_HARMLESS: '211.3', SAN_PUBLIC_TOILETS: '17' },
    });
    expect(of(province, '2025-03')).toEqual(of(city, '2025-03'));
    // A village has no subtotal: its report is its figure.
    expect(of(V1, '2025-03')).toBeUndefined();
  });

  it('gives a quarter’s figures from the months’ subtotals as the roll-up of every report does', () => {
    const { of } = settled();
    const figuresFor = new Set([city, D1, u('110102')]);
    const input = { form, units, period: '2025-Q1', figuresFor };
    const fromSubtotals = rollUpSubtotals({ ...input, subtotal: of });
    expect(fromSubtotals).toEqual(rollUp({ ...input, reports }));
    // Flows summed over the months: 330 + 30 + 151.5 + 0.6 + 120 + 40 = 672.1; toilets a stock at March's end:
    // 7 + 2 + 3 + 1 + 4 = 17 (V6 sent no March). Eighteen reports expected, seventeen received.
    expect(fromSubtotals.find((f) => f.unit === city)).toMatchObject({
      values: { SAN_WASTE_COLLECTED: '672.1', SAN_PUBLIC_TOILETS: '17' },
      received: 17,
      expected: 18,
      status: 'revised',
    });
  });

  it('sums again, in a later batch, only the subtotals above a changed report', () => {
    const { book, leaves, of } = settled();
    const march = leaves.find((r) => r.unitCode === V1 && r.period === '2025-03')!;
    march.values.SAN_WASTE_COLLECTED = '125';
    const written = book.settle({ reports: [march], units: new Set() });
    expect(written).toEqual([S1, D1, city, province].map((unit) => subtotalKey('sanitation', '2025-03', unit)));
    // 125 + 10 = 135 in S1; 220.8 + 5 = 225.8 in the city.
    expect(of(S1, '2025-03')?.sums.SAN_WASTE_COLLECTED).toBe('135');
    expect(of(city, '2025-03')?.sums.SAN_WASTE_COLLECTED).toBe('225.8');
  });

  it('counts a village’s reports from the batch its registration is folded in', () => {
    const { book, known, of } = settled(units.filter((unit) => unit !== V6));
    // S3 in February without V6: V4 0.2 + V5 40 = 40.2.
    expect(of(S3, '2025-02')).toMatchObject({ received: 2, sums: { SAN_WASTE_COLLECTED: '40.2' } });
    known.add(V6);
    book.settle({ reports: [], units: new Set([V6]) });
    // With V6's 20: 60.2, three reports, one of them late; the city 110 + 10 + 50.5 + 0.2 + 40 + 20 = 230.7.
    expect(of(S3, '2025-02')).toMatchObject({ received: 3, onTime: 2, sums: { SAN_WASTE_COLLECTED: '60.2' } });
    expect(of(city, '2025-02')?.sums.SAN_WASTE_COLLECTED).toBe('230.7');
  });
});
