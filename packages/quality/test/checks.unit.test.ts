import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFormCatalogue } from '@statledger/domain';
import { DEFAULT_SOURCE_REGISTRY, loadFormCatalogue } from '@statledger/form-catalogue';
import {
  checkConsistency,
  checkHierarchy,
  checkPeers,
  checkRules,
  checkSources,
  checkTimeliness,
  completenessRates,
  createSourceRegistry,
  growthRatio,
} from '../src/index.ts';

const catalogue = loadFormCatalogue();
const sanitation = catalogue.get('sanitation');
const values = {
  SAN_ROAD_AREA: '3',
  SAN_WASTE_COLLECTED: '100',
  SAN_WASTE_HARMLESS: '101',
  SAN_NIGHT_SOIL: '10',
  SAN_CONSTRUCTION_WASTE: '20',
  SAN_PUBLIC_TOILETS: '6',
  SAN_CLEANERS: '14',
};

describe('form rules', () => {
  it('flags harmless treatment above collection as a high-importance (error) violation, with both sides', () => {
    expect(checkRules(sanitation, values)).toEqual([
      expect.objectContaining({
        code: 'RULE_VIOLATION',
        severity: 'error',
        indicator: 'SAN_WASTE_HARMLESS',
        evidence: expect.objectContaining({
          rule: 'SAN_HARMLESS_LE_COLLECTED',
          leftValue: 101,
          rightValue: 100,
          allowance: 0,
        }),
      }),
    ]);
    expect(checkRules(sanitation, { ...values, SAN_WASTE_HARMLESS: '100' })).toEqual([]);
  });

  it('applies the rule tolerance: 2 % of 100 allows 101', () => {
    const tolerant = createFormCatalogue([
      {
        origin: 't',
        content: {
          ...JSON.parse(readFileSync(new URL('../../../schemas/forms/sanitation.json', import.meta.url), 'utf8')),
          rules: [{ ...sanitation.rules[0], tolerance: { absolute: 0, relative: 0.02 } }],
        },
      },
    ]).get('sanitation');
    expect(checkRules(tolerant, values)).toEqual([]);
  });

  it('flags a value outside what the tier reports as an error, in decimals: a village\u2019s 99,000 t a month', () => {
    expect(
      checkRules(sanitation, { ...values, SAN_WASTE_COLLECTED: '99000', SAN_WASTE_HARMLESS: '99000' }, 'village'),
    ).toEqual([
      expect.objectContaining({
        code: 'IMPLAUSIBLE_VALUE',
        severity: 'error',
        indicator: 'SAN_WASTE_COLLECTED',
        evidence: { value: '99000', tier: 'village', max: '50000' },
      }),
      expect.objectContaining({ code: 'IMPLAUSIBLE_VALUE', indicator: 'SAN_WASTE_HARMLESS' }),
    ]);
    // the same tonnage is ordinary for a subdistrict
    expect(
      checkRules(sanitation, { ...values, SAN_WASTE_COLLECTED: '99000', SAN_WASTE_HARMLESS: '99000' }, 'subdistrict'),
    ).toEqual([]);
  });

  it('judges relations in decimals: 0.1 + 0.2 harmless ≤ 0.3 collected holds (floats said 0.30000000000000004)', () => {
    const form = createFormCatalogue([
      {
        origin: 't',
        content: {
          ...JSON.parse(readFileSync(new URL('../../../schemas/forms/sanitation.json', import.meta.url), 'utf8')),
          rules: [{ ...sanitation.rules[0], left: ['SAN_WASTE_HARMLESS', 'SAN_NIGHT_SOIL'] }],
        },
      },
    ]).get('sanitation');
    expect(
      checkRules(form, { ...values, SAN_WASTE_HARMLESS: '0.1', SAN_NIGHT_SOIL: '0.2', SAN_WASTE_COLLECTED: '0.3' }),
    ).toEqual([]);
  });

  it('flags negative values and fractional counts', () => {
    const codes = checkRules(sanitation, {
      ...values,
      SAN_WASTE_HARMLESS: '90',
      SAN_NIGHT_SOIL: '-1',
      SAN_PUBLIC_TOILETS: '6.5',
    }).map((f) => `${f.code}:${f.indicator}`);
    expect(codes).toEqual(['NEGATIVE_VALUE:SAN_NIGHT_SOIL', 'NOT_INTEGER:SAN_PUBLIC_TOILETS']);
  });
});

describe('timeliness and completeness', () => {
  const deadline = '2025-04-05T15:59:59.000Z';
  it('is silent on time, counts whole days late, and reports a missing report once swept', () => {
    expect(checkTimeliness({ deadline, firstSubmittedAt: '2025-04-05T15:59:59.000Z' })).toEqual([]);
    expect(checkTimeliness({ deadline, firstSubmittedAt: '2025-04-08T02:00:00.000Z' })).toEqual([
      expect.objectContaining({ code: 'LATE_SUBMISSION', evidence: expect.objectContaining({ daysLate: 3 }) }),
    ]);
    expect(checkTimeliness({ deadline, overdueAt: '2025-04-05T16:00:00.000Z' })).toEqual([
      expect.objectContaining({ code: 'REPORT_MISSING', severity: 'error' }),
    ]);
    expect(checkTimeliness({ deadline })).toEqual([]);
  });

  it('computes completeness = received / expected and timeliness = on time / expected', () => {
    // 25 villages expected, 24 reported, 22 on time → 0.96 and 0.88
    expect(completenessRates(25, 24, 22)).toEqual({
      expected: 25,
      received: 24,
      onTime: 22,
      completeness: 0.96,
      timeliness: 0.88,
    });
    expect(completenessRates(0, 0, 0).completeness).toBeNull();
  });
});

describe('consistency over time against the rest of the parent', () => {
  it('prefers the same period of earlier years, else the previous periods', () => {
    expect(growthRatio('130', ['100', '110', '90'], ['1', '1', '1'])).toMatchObject({
      basis: 'same period, previous years',
    });
    expect(growthRatio('130', ['100', '110', '90'], ['1'])!.ratio.toString()).toBe('1.3');
    expect(growthRatio('130', [], ['100', '120', '80'])).toMatchObject({ basis: 'previous periods' });
    expect(growthRatio('130', [], [])).toBeNull();
  });

  const flat = growthRatio('1000', [], ['1000', '1000', '1000'])!;
  it('keeps the band symmetric in ratio terms: [1/1.33, 1.33] = [0.7519, 1.33]', () => {
    // 133/100 = 1.33 exactly is inside (in floats, 1.33 − 1 = 0.33000000000000007 was outside 1 ± 0.33)
    expect(checkConsistency('X', growthRatio('133', [], ['100'])!, flat)).toEqual([]);
    expect(checkConsistency('X', growthRatio('134', [], ['100'])!, flat)).toHaveLength(1);
    // 0.7519 × 1.33 = 1.000027 is inside; 0.75 × 1.33 = 0.9975 is outside (1 − 0.33 = 0.67 let it pass before)
    expect(checkConsistency('X', growthRatio('75.19', [], ['100'])!, flat)).toEqual([]);
    expect(checkConsistency('X', growthRatio('75', [], ['100'])!, flat)[0]).toMatchObject({
      code: 'INCONSISTENT_OVER_TIME',
      evidence: expect.objectContaining({ relative: 0.75, limits: [0.75188, 1.33] }),
    });
    // a unit that grows with the rest is consistent: 1.5 / 1.5 = 1
    expect(checkConsistency('X', growthRatio('150', [], ['100'])!, growthRatio('1500', [], ['1000'])!)).toEqual([]);
  });

  it('lets counts move within their Poisson noise: 2 patents after 1 is no trend, 40 after 20 is', () => {
    // 2 after 1: predicted 1 × 1 = 1, |2 − 1| = 1 ≤ 3·√(1·(1 + 1/1)) = 4.24; 40 after 20: 20 > 3·√(20·2) = 18.97
    expect(checkConsistency('PAT_GRANTS', growthRatio('2', [], ['1'])!, flat, true)).toEqual([]);
    expect(checkConsistency('PAT_GRANTS', growthRatio('40', [], ['20'])!, flat, true)).toHaveLength(1);
  });
});

describe('peer comparison among siblings', () => {
  const siblings = [90, 95, 100, 105, 110, 100, 98, 102, 97, 103];
  it('flags a sibling a thousand times larger, on the logarithmic scale', () => {
    const [finding] = checkPeers('SAN_WASTE_COLLECTED', 100_000, siblings);
    // ln of the siblings: median ln(100) = 4.60517; MAD of the ln values ≈ 0.0247 → M far above 3.5
    expect(finding).toMatchObject({
      code: 'PEER_OUTLIER',
      evidence: expect.objectContaining({ peers: 10, medianOfPeers: 100 }),
    });
    expect(checkPeers('SAN_WASTE_COLLECTED', 104, siblings)).toEqual([]);
  });

  it('grades the gap: 120 t is moderate (info), 130 t extreme (a warning) among siblings around 100 t', () => {
    // scipy.stats.median_abs_deviation of the ln values: 0.030009; M = 0.6745·(ln x − ln 100)/0.030009
    expect(checkPeers('X', 120, siblings)[0]).toMatchObject({
      severity: 'info',
      evidence: expect.objectContaining({ grade: 'moderate', m: 4.098 }),
    });
    expect(checkPeers('X', 130, siblings)[0]).toMatchObject({
      severity: 'warning',
      evidence: expect.objectContaining({ grade: 'extreme', m: 5.8971 }),
    });
  });

  it('does not compare with fewer than 10 siblings', () => {
    expect(checkPeers('SAN_WASTE_COLLECTED', 100_000, siblings.slice(0, 9))).toEqual([]);
  });
});

describe('single-source consistency (数出一家)', () => {
  const registry = createSourceRegistry(JSON.parse(readFileSync(DEFAULT_SOURCE_REGISTRY, 'utf8')), catalogue);

  it('names both sources and both values when they disagree beyond tolerance', () => {
    const report = { source: { type: 'reporting_unit' as const }, values: { SAN_WASTE_COLLECTED: '100' } };
    const enterprise = {
      source: { type: 'direct_reporting_enterprise' as const, id: '91110101MA01' },
      values: { SAN_WASTE_COLLECTED: '120' },
    };
    // |100 − 120| / 120 = 0.1667 > 0.01 and 20 > 0.5 t
    const [finding] = checkSources('sanitation', report, [enterprise], registry);
    expect(finding).toMatchObject({
      code: 'SOURCE_CONFLICT',
      indicator: 'SAN_WASTE_COLLECTED',
      evidence: {
        sources: [
          { source: 'reporting_unit', value: '100' },
          { source: 'direct_reporting_enterprise 91110101MA01', value: '120' },
        ],
        relative: 0.166667,
        authoritative: 'reporting_unit',
      },
    });
    expect(
      checkSources('sanitation', report, [{ ...enterprise, values: { SAN_WASTE_COLLECTED: '100.5' } }], registry),
    ).toEqual([]);
  });

  it('takes GDP only from the statistics bureau: a conflict when it differs, unconfirmed while it is silent', () => {
    const report = { source: { type: 'science_bureau' as const }, values: { GDP: '1000000' } };
    expect(checkSources('rnd', report, [], registry)).toEqual([
      expect.objectContaining({ code: 'DENOMINATOR_UNCONFIRMED', indicator: 'GDP' }),
    ]);
    expect(
      checkSources('rnd', report, [{ source: { type: 'statistics_bureau' }, values: { GDP: '1000000' } }], registry),
    ).toEqual([]);
    expect(
      checkSources('rnd', report, [{ source: { type: 'statistics_bureau' }, values: { GDP: '1100000' } }], registry)[0],
    ).toMatchObject({ code: 'SOURCE_CONFLICT', message: expect.stringMatching(/statistics_bureau is authoritative/) });
  });

  it('rejects a registry entry for an indicator the form does not report', () => {
    expect(() =>
      createSourceRegistry(
        {
          version: '1',
          defaultTolerance: { absolute: 0, relative: 0.01 },
          entries: [
            {
              form: 'rnd',
              indicator: 'RND_INTENSITY',
              authoritative: 'statistics_bureau',
              tolerance: { absolute: 0, relative: 0 },
            },
          ],
        },
        catalogue,
      ),
    ).toThrow(/not a reported indicator/);
  });
});

describe('hierarchical consistency', () => {
  const children = (values: string[]) => ({ values, expected: values.length });
  it('compares a parent\u2019s own total with its children once all have reported', () => {
    // own 100, children 97: |100 − 97| / 97 = 3.09 % > 1 %
    expect(checkHierarchy('X', '100', children(['50', '47']))[0]).toMatchObject({
      code: 'HIERARCHY_MISMATCH',
      evidence: expect.objectContaining({ difference: '3', relative: 0.030928, childrenSum: '97' }),
    });
    expect(checkHierarchy('X', '100', children(['50', '49.5']))).toEqual([]);
    expect(checkHierarchy('X', '100', { values: ['60'], expected: 3 })).toEqual([]);
  });

  it('judges +1 % and −1 % of the children\u2019s sum alike, in decimals: exactly 1 % passes either way', () => {
    // against max(|own|, |Σ|), +1.0101 % passed and −1.01 % failed; now both are measured against Σ children = 100
    expect(checkHierarchy('X', '101', children(['60', '40']))).toEqual([]);
    expect(checkHierarchy('X', '99', children(['60', '40']))).toEqual([]);
    expect(checkHierarchy('X', '101.01', children(['60', '40']))).toHaveLength(1);
    expect(checkHierarchy('X', '98.99', children(['60', '40']))).toHaveLength(1);
    // 0.1 + 0.2 is 0.30000000000000004 in floats; in decimals it is 0.3 and 0.303 is exactly 1 % above
    expect(checkHierarchy('X', '0.303', children(['0.1', '0.2']))).toEqual([]);
  });

  it('calls any own total a mismatch where the children report 0', () => {
    expect(checkHierarchy('X', '5', children(['0', '0']))[0]!.evidence.relative).toBeNull();
    expect(checkHierarchy('X', '0', children(['0', '0']))).toEqual([]);
  });
});
