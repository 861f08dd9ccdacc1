import { describe, expect, it } from 'vitest';
import { planVerification, verificationFactor, type DesignOfPlan, type Recount } from '../src/index.ts';

describe('verification factors', () => {
  it('VF = recounted / reported: a ×1000 typo shows as 0.001', () => {
    expect(verificationFactor('150000', '150')).toMatchObject({
      vf: '0.0010',
      discrepancy: true,
      direction: 'over-reported',
    });
    expect(verificationFactor('100', '105')).toMatchObject({ vf: '1.0500', discrepancy: false, direction: 'accurate' });
    expect(verificationFactor('100', '120')).toMatchObject({ discrepancy: true, direction: 'under-reported' });
  });

  it('judges the ±10 % bounds in decimals: 0.9 and 1.1 exactly are no discrepancy', () => {
    expect(verificationFactor('0.3', '0.27').discrepancy).toBe(false); // 0.27 / 0.3 is 0.8999999999999999 in floats
    expect(verificationFactor('0.3', '0.33').discrepancy).toBe(false); // 1.1000000000000003 in floats
    expect(verificationFactor('0.3', '0.2699').discrepancy).toBe(true);
  });
});

const selfWeighting = (reports: string[]): DesignOfPlan => ({
  drawnAs: new Map(reports.map((r) => [r, { stratum: '', inclusionProbability: 0.5 }])),
  withoutReplacement: true,
});

describe('aggregate VF of a self-weighting plan', () => {
  it('shows errors that cancel in the aggregate', () => {
    // reported 100 and 100, recounted 70 and 130: aggregate VF = 200/200 = 1, yet both reports are off by 30 %
    const plan = planVerification(
      [
        { report: 'r1', indicator: 'X', reported: '100', recounted: '70' },
        { report: 'r2', indicator: 'X', reported: '100', recounted: '130' },
      ],
      selfWeighting(['r1', 'r2']),
    );
    expect(plan).toMatchObject({
      aggregateVf: { X: '1.0000' },
      reports: 2,
      discrepantReports: 2,
      shareOutside: '1.0000',
      selfWeighting: true,
    });
  });

  it('keeps indicators apart and counts a report once however many indicators are off', () => {
    // X: (90 + 50) / (100 + 50) = 0.9333; Y: 30 / 10 = 3; r1 is off on Y only, r2 on nothing → 1 of 2 outside
    const plan = planVerification(
      [
        { report: 'r1', indicator: 'X', reported: '100', recounted: '90' },
        { report: 'r1', indicator: 'Y', reported: '10', recounted: '30' },
        { report: 'r2', indicator: 'X', reported: '50', recounted: '50' },
      ],
      selfWeighting(['r1', 'r2']),
    );
    expect(plan.aggregateVf).toEqual({ X: '0.9333', Y: '3.0000' });
    expect(plan).toMatchObject({ reports: 2, discrepantReports: 1, shareOutside: '0.5000' });
  });
});

// Expected estimates, standard errors and 95 % intervals: R 4.2.2, survey 4.1-1, svyratio and svymean
// (test/reference/verification.R), to the 4 decimals the register prints.
describe('aggregate VF with design weights', () => {
  const reported = [120, 80, 95, 60, 150, 30, 45, 52, 38, 41, 60];
  const recounted = [118, 80, 70, 60, 151, 30, 44, 52, 20, 41, 66];
  const stratified = (i: number) =>
    i < 5 ? { stratum: 'A', inclusionProbability: 5 / 40 } : { stratum: 'B', inclusionProbability: 6 / 100 };
  const rows: Recount[] = reported.map((x, i) => ({
    report: `r${i}`,
    indicator: 'SAN_WASTE_COLLECTED',
    reported: String(x),
    recounted: String(recounted[i]),
  }));

  it('stratified, 5 of 40 and 6 of 100 drawn at random: the ratio estimator Σ y/π ÷ Σ x/π with its interval', () => {
    const design: DesignOfPlan = {
      drawnAs: new Map(rows.map((r, i) => [r.report, stratified(i)])),
      withoutReplacement: true,
    };
    const plan = planVerification(rows, design);
    expect(plan.byIndicator.SAN_WASTE_COLLECTED).toEqual({
      estimate: '0.9499',
      standardError: '0.0454',
      interval: ['0.8609', '1.0388'],
      reports: 11,
    });
    expect(plan.selfWeighting).toBe(false);
    // R: svymean(~outside) 0.17619047619, SE 0.127197241802; its interval clipped to [0, 1]
    expect(plan.shareOutside).toBe('0.1762');
    expect(plan.shareOutsideInterval).toEqual(['0.0000', '0.4255']);
    // Unweighted, the same recounts would say Σ recounted / Σ reported = 732 / 771 = 0.9494
    expect(plan.aggregateVf.SAN_WASTE_COLLECTED).not.toBe('0.9494');
  });

  it('PPS with one report drawn with certainty: with-replacement variance, the certain report adds none', () => {
    const pi = [1, 0.6, 0.3, 0.25, 0.5, 0.35];
    const pps = [
      [900, 880],
      [400, 300],
      [210, 210],
      [180, 185],
      [330, 330],
      [260, 240],
    ].map(([x, y], i) => ({ report: `p${i}`, indicator: 'X', reported: String(x), recounted: String(y) }));
    const plan = planVerification(pps, {
      drawnAs: new Map(pps.map((r, i) => [r.report, { stratum: '', inclusionProbability: pi[i]! }])),
      withoutReplacement: false,
    });
    expect(plan.byIndicator.X).toEqual({
      estimate: '0.9490',
      standardError: '0.0390',
      interval: ['0.8725', '1.0255'],
      reports: 6,
    });
  });
});
