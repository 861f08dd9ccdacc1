import { describe, expect, it } from 'vitest';
import type { UnitCode } from '@statledger/domain';
import { loadFormCatalogue } from '@statledger/form-catalogue';
import { bulletinHtml, bulletinRows, lastYearOf, type Figure, type Statistics } from '../src/index.ts';

const catalogue = loadFormCatalogue();
const figure = (unit: string, collected: string, harmless: string, received: number, onTime: number): Figure => ({
  unit: unit as UnitCode,
  tier: 'district',
  period: '2025-Q1',
  received,
  expected: 10,
  onTime,
  status: 'provisional',
  openFindings: 0,
  values: {
    SAN_ROAD_AREA: '1',
    SAN_WASTE_COLLECTED: collected,
    SAN_WASTE_HARMLESS: harmless,
    SAN_NIGHT_SOIL: '1',
    SAN_CONSTRUCTION_WASTE: '1',
    SAN_PUBLIC_TOILETS: '1',
    SAN_CLEANERS: '1',
  },
  derived: { SAN_HARMLESS_RATE: null },
});
const stats = (period: string, children: Figure[]): Statistics => ({
  form: 'sanitation',
  unit: '110100000000' as UnitCode,
  period,
  asOf: { position: null, instant: null },
  figure: null,
  children,
});

describe('quarterly bulletin', () => {
  it('compares with the same quarter last year and states completeness and timeliness', () => {
    expect(lastYearOf('2025-Q1')).toBe('2024-Q1');
    const rows = bulletinRows(
      catalogue,
      () => '东城区',
      stats('2025-Q1', [figure('110101000000', '1100', '1000', 10, 9)]),
      stats('2024-Q1', [figure('110101000000', '1000', '1000', 10, 10)]),
    );
    const collected = rows.find((r) => r.indicator === 'SAN_WASTE_COLLECTED')!;
    // (1100 − 1000) / 1000 = +10.0 %; 10 of 10 received, 9 on time
    expect(collected).toMatchObject({
      name: '东城区',
      formName: '环境卫生统计月报',
      value: '1100',
      lastYear: '1000',
      changePct: '10.0',
      completenessPct: '100.0',
      timelinessPct: '90.0',
    });
    expect(rows.find((r) => r.indicator === 'SAN_WASTE_HARMLESS')!.changePct).toBe('0.0');
  });

  it('computes the change in decimals: 20.00 → 20.61 is +3.1 % (floats said 3.0), and no exponent at either end', () => {
    // (20.61 − 20.00) / 20.00 · 100 = 3.05 exactly, rounded half away from zero → 3.1 (a float difference is 0.6099999…)
    const change = (now: string, before: string) =>
      bulletinRows(
        catalogue,
        () => 'd',
        stats('2025-Q1', [figure('110101000000', now, '1', 1, 1)]),
        stats('2024-Q1', [figure('110101000000', before, '1', 1, 1)]),
      ).find((r) => r.indicator === 'SAN_WASTE_COLLECTED')!.changePct;
    expect(change('20.61', '20.00')).toBe('3.1');
    // a difference of 2e-7 on 1: 0.00002 % → 0.0; and figures beyond 1e21
    expect(change('1.0000002', '1')).toBe('0.0');
    expect(change('2000000000000000000000000', '1000000000000000000000000')).toBe('100.0');
    expect(change('5', '0')).toBeNull();
  });

  it('leaves the change empty without last year\u2019s figure, and escapes names in the page', () => {
    const rows = bulletinRows(
      catalogue,
      () => '<b>x</b>',
      stats('2025-Q1', [figure('110101000000', '5', '5', 1, 1)]),
      stats('2024-Q1', []),
    );
    expect(rows[0]!.changePct).toBeNull();
    const html = bulletinHtml('北京市 2025-Q1 统计公报', rows);
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(html).toContain('<h2>环境卫生统计月报');
  });
});
