import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFormCatalogue } from '@statledger/domain';
import { DEFAULT_SOURCE_REGISTRY, loadFormCatalogue } from '@statledger/form-catalogue';
import {
  BENFORD_EXPECTED,
  benford,
  checkConsistency,
  checkFabrication,
  checkHierarchy,
  checkPeers,
  checkRules,
  checkSources,
  checkTimeliness,
  completenessRates,
  createSourceRegistry,
  growthRatio,
  terminalDigitHeaping,
} from '../src/index.ts';

const catalogue = loadFormCatalogue();
const sanitation = catalogue.get('sanitation');
const values = { SAN_ROAD_AREA: '3', SAN_WASTE_COLLECTED: '100', SAN_WASTE_HARMLESS: '101', SAN_NIGHT_SOIL: '10', SAN_CONSTRUCTION_WASTE: '20', SAN_PUBLIC_TOILETS: '6', SAN_CLEANERS: '14' };

describe('form rules', () => {
  it('flags harmless treatment above collection as a high-importance (error) violation, with both sides', () => {
    expect(checkRules(sanitation, values)).toEqual([expect.objectContaining({ code: 'RULE_VIOLATION', severity: 'error', indicator: 'SAN_WASTE_HARMLESS', evidence: expect.objectContaining({ rule: 'SAN_HARMLESS_LE_COLLECTED', leftValue: 101, rightValue: 100, allowance: 0 }) })]);
    expect(checkRules(sanitation, { ...values, SAN_WASTE_HARMLESS: '100' })).toEqual([]);
  });

  it('applies the rule tolerance: 2 % of 100 allows 101', () => {
    const tolerant = createFormCatalogue([{ origin: 't', content: { ...JSON.parse(readFileSync(new URL('../../../schemas/forms/sanitation.json', import.meta.url), 'utf8')), rules: [{ ...sanitation.rules[0], tolerance: { absolute: 0, relative: 0.02 } }] } }]).get('sanitation');
    expect(checkRules(tolerant, values)).toEqual([]);
  });

  it('flags negative values and fractional counts', () => {
    const codes = checkRules(sanitation, { ...values, SAN_WASTE_HARMLESS: '90', SAN_NIGHT_SOIL: '-1', SAN_PUBLIC_TOILETS: '6.5' }).map((f) => `${f.code}:${f.indicator}`);
    expect(codes).toEqual(['NEGATIVE_VALUE:SAN_NIGHT_SOIL', 'NOT_INTEGER:SAN_PUBLIC_TOILETS']);
  });
});

describe('timeliness and completeness', () => {
  const deadline = '2025-04-05T15:59:59.000Z';
  it('is silent on time, counts whole days late, and reports a missing report once swept', () => {
    expect(checkTimeliness({ deadline, firstSubmittedAt: '2025-04-05T15:59:59.000Z' })).toEqual([]);
    expect(checkTimeliness({ deadline, firstSubmittedAt: '2025-04-08T02:00:00.000Z' })).toEqual([expect.objectContaining({ code: 'LATE_SUBMISSION', evidence: expect.objectContaining({ daysLate: 3 }) })]);
    expect(checkTimeliness({ deadline, overdueAt: '2025-04-05T16:00:00.000Z' })).toEqual([expect.objectContaining({ code: 'REPORT_MISSING', severity: 'error' })]);
    expect(checkTimeliness({ deadline })).toEqual([]);
  });

  it('computes completeness = received / expected and timeliness = on time / expected', () => {
    // 25 villages expected, 24 reported, 22 on time → 0.96 and 0.88
    expect(completenessRates(25, 24, 22)).toEqual({ expected: 25, received: 24, onTime: 22, completeness: 0.96, timeliness: 0.88 });
    expect(completenessRates(0, 0, 0).completeness).toBeNull();
  });
});

describe('consistency over time against the parent', () => {
  it('prefers the same period of earlier years, else the previous periods', () => {
    expect(growthRatio(130, [100, 110, 90], [1, 1, 1])).toMatchObject({ ratio: 1.3, baseline: 100, basis: 'same period, previous years' });
    expect(growthRatio(130, [], [100, 120, 80])).toMatchObject({ ratio: 1.3, basis: 'previous periods' });
    expect(growthRatio(130, [], [])).toBeNull();
  });

  it('flags a unit whose ratio over its parent\u2019s leaves 1 ± 0.33', () => {
    const parent = growthRatio(1_000, [], [1_000, 1_000, 1_000])!;
    // 130/100 = 1.30 against the parent's 1.00 → relative 1.30: inside; 140/100 → 1.40: outside
    expect(checkConsistency('X', growthRatio(130, [], [100, 100, 100])!, parent)).toEqual([]);
    expect(checkConsistency('X', growthRatio(140, [], [100, 100, 100])!, parent)).toEqual([expect.objectContaining({ code: 'INCONSISTENT_OVER_TIME', evidence: expect.objectContaining({ relative: 1.4, band: 0.33 }) })]);
    // A unit that grows with its parent is consistent: 1.5 / 1.5 = 1
    expect(checkConsistency('X', growthRatio(150, [], [100])!, growthRatio(1_500, [], [1_000])!)).toEqual([]);
  });
});

describe('peer comparison among siblings', () => {
  const siblings = [90, 95, 100, 105, 110, 100, 98, 102, 97, 103];
  it('flags a sibling a thousand times larger, on the logarithmic scale', () => {
    const [finding] = checkPeers('SAN_WASTE_COLLECTED', 100_000, siblings);
    // ln of the siblings: median ln(100) = 4.60517; MAD of the ln values ≈ 0.0247 → M far above 3.5
    expect(finding).toMatchObject({ code: 'PEER_OUTLIER', evidence: expect.objectContaining({ peers: 10, medianOfPeers: 100 }) });
    expect(checkPeers('SAN_WASTE_COLLECTED', 104, siblings)).toEqual([]);
  });

  it('does not compare with fewer than 10 siblings', () => {
    expect(checkPeers('SAN_WASTE_COLLECTED', 100_000, siblings.slice(0, 9))).toEqual([]);
  });
});

describe('fabrication screening: Benford first digits and terminal-digit heaping', () => {
  const withFirstDigits = (counts: number[]) => counts.flatMap((n, i) => Array.from({ length: n }, (_, k) => `${i + 1}${k % 10}.${(k * 7) % 10}3`));

  it('computes MAD against log10(1 + 1/d) on exactly 50 values: close conformity', () => {
    // counts 15 9 6 5 4 3 3 3 2 of 50 → observed .30 .18 .12 .10 .08 .06 .06 .06 .04
    // |obs − P(d)| = .00103 .00391 .00494 .00309 .00082 .00695 .00201 .00885 .00576 → Σ .03736 → MAD .00415
    const result = benford(withFirstDigits([15, 9, 6, 5, 4, 3, 3, 3, 2]))!;
    expect(result.n).toBe(50);
    expect(result.mad).toBeCloseTo(0.00415, 5);
    expect(result.conformity).toBe('close conformity');
    expect(BENFORD_EXPECTED[0]).toBeCloseTo(0.30103, 5);
  });

  it('calls all-ones nonconformity: MAD = (0.69897 + 0.69897) / 9 = 0.155327', () => {
    const result = benford(withFirstDigits([50, 0, 0, 0, 0, 0, 0, 0, 0]))!;
    expect(result.mad).toBeCloseTo(0.155327, 6);
    expect(checkFabrication('X', withFirstDigits([50, 0, 0, 0, 0, 0, 0, 0, 0]), { district: 'd', window: '2025-Q1' })[0]).toMatchObject({ code: 'BENFORD_NONCONFORMITY', severity: 'warning' });
  });

  it('keeps a deviation that chance explains to info: the same 50 values from one village (χ² 116.1 · 1/50 = 2.3)', () => {
    // χ² of 50 ones: (50 − 15.05)²/15.05 + Σ_{d≥2} 50·P(d) = 81.16 + 34.95 = 116.1; design effect 1 village / 50 values
    const [finding] = checkFabrication('X', withFirstDigits([50, 0, 0, 0, 0, 0, 0, 0, 0]), { district: 'd', window: '2025-Q1' }, 1);
    expect(finding).toMatchObject({ code: 'BENFORD_NONCONFORMITY', severity: 'info', evidence: expect.objectContaining({ conformity: 'nonconformity', designEffect: 0.02 }) });
    expect(finding!.evidence.chiSquare as number).toBeCloseTo(2.322, 2);
  });

  it('says "not enough data" at 49 values, not a pass', () => {
    const findings = checkFabrication('X', withFirstDigits([15, 9, 6, 5, 4, 3, 3, 3, 1]), { district: 'd', window: '2025-Q1' });
    expect(findings).toEqual([expect.objectContaining({ code: 'NOT_ENOUGH_DATA', severity: 'info', evidence: expect.objectContaining({ n: 49, required: 50 }) })]);
  });

  it('flags heaping on 0 and 5: 20 of 50 → z = (20 − 10) / √(50·0.2·0.8) = 3.5355', () => {
    const heaped = [...Array(20).fill('120'), ...Array(15).fill('123'), ...Array(15).fill('127')];
    expect(terminalDigitHeaping(heaped).z).toBeCloseTo(3.5355, 4);
    expect(checkFabrication('X', heaped, { district: 'd', window: 'q' }).map((f) => f.code)).toContain('TERMINAL_DIGIT_HEAPING');
  });
});

describe('single-source consistency (数出一家)', () => {
  const registry = createSourceRegistry(JSON.parse(readFileSync(DEFAULT_SOURCE_REGISTRY, 'utf8')), catalogue);

  it('names both sources and both values when they disagree beyond tolerance', () => {
    const report = { source: { type: 'reporting_unit' as const }, values: { SAN_WASTE_COLLECTED: '100' } };
    const enterprise = { source: { type: 'direct_reporting_enterprise' as const, id: '91110101MA01' }, values: { SAN_WASTE_COLLECTED: '120' } };
    // |100 − 120| / 120 = 0.1667 > 0.01 and 20 > 0.5 t
    const [finding] = checkSources('sanitation', report, [enterprise], registry);
    expect(finding).toMatchObject({ code: 'SOURCE_CONFLICT', indicator: 'SAN_WASTE_COLLECTED', evidence: { sources: [{ source: 'reporting_unit', value: '100' }, { source: 'direct_reporting_enterprise 91110101MA01', value: '120' }], relative: 0.166667, authoritative: 'reporting_unit' } });
    expect(checkSources('sanitation', report, [{ ...enterprise, values: { SAN_WASTE_COLLECTED: '100.5' } }], registry)).toEqual([]);
  });

  it('takes GDP only from the statistics bureau: a conflict when it differs, unconfirmed while it is silent', () => {
    const report = { source: { type: 'science_bureau' as const }, values: { GDP: '1000000' } };
    expect(checkSources('rnd', report, [], registry)).toEqual([expect.objectContaining({ code: 'DENOMINATOR_UNCONFIRMED', indicator: 'GDP' })]);
    expect(checkSources('rnd', report, [{ source: { type: 'statistics_bureau' }, values: { GDP: '1000000' } }], registry)).toEqual([]);
    expect(checkSources('rnd', report, [{ source: { type: 'statistics_bureau' }, values: { GDP: '1100000' } }], registry)[0]).toMatchObject({ code: 'SOURCE_CONFLICT', message: expect.stringMatching(/statistics_bureau is authoritative/) });
  });

  it('rejects a registry entry for an indicator the form does not report', () => {
    expect(() => createSourceRegistry({ version: '1', defaultTolerance: { absolute: 0, relative: 0.01 }, entries: [{ form: 'rnd', indicator: 'RND_INTENSITY', authoritative: 'statistics_bureau', tolerance: { absolute: 0, relative: 0 } }] }, catalogue)).toThrow(/not a reported indicator/);
  });
});

describe('hierarchical consistency', () => {
  it('compares a parent\u2019s own total with its children once all have reported', () => {
    // own 100, children 97: |100 − 97| / 100 = 3 % > 1 %
    expect(checkHierarchy('X', 100, { sum: 97, received: 3, expected: 3 })[0]).toMatchObject({ code: 'HIERARCHY_MISMATCH', evidence: expect.objectContaining({ difference: 3, relative: 0.03 }) });
    expect(checkHierarchy('X', 100, { sum: 99.5, received: 3, expected: 3 })).toEqual([]);
    expect(checkHierarchy('X', 100, { sum: 60, received: 2, expected: 3 })).toEqual([]);
  });
});
