import { describe, expect, it } from 'vitest';
import { lotDecision, lqasRule } from '../src/index.ts';

// Expected rules and risks: R 4.2.2 pbinom and phyper with the same choice of d (test/reference/lqas.R).
describe('LQAS decision rules', () => {
  it('n = 19 between 20 % and 50 %: at most 6, α 0.0676, β 0.0835 (as the Grant & Leavenworth table)', () => {
    const rule = lqasRule(0.2, 0.5);
    expect(rule).toMatchObject({ n: 19, d: 6, model: 'binomial' });
    expect(rule.alpha).toBeCloseTo(0.0676000658971, 10);
    expect(rule.beta).toBeCloseTo(0.0835342407227, 10);
    expect(rule.warning).toBeUndefined();
  });

  it('warns when no rule keeps both risks at or below 10 %: 10 % / 25 % gives at most 3, α 0.115, β 0.263', () => {
    const rule = lqasRule(0.1, 0.25);
    expect(rule.d).toBe(3);
    expect(rule.alpha).toBeCloseTo(0.114997557804, 10);
    expect(rule.beta).toBeCloseTo(0.263093138637, 10);
    expect(rule.warning).toMatch(/no decision rule on 19 reports keeps both risks at or below 10 %/);
  });

  it('10 % / 40 %: at most 4, α 0.0352, β 0.0696', () => {
    const rule = lqasRule(0.1, 0.4);
    expect(rule.d).toBe(4);
    expect(rule.alpha).toBeCloseTo(0.0351941550045, 10);
    expect(rule.beta).toBeCloseTo(0.0696137080764, 10);
  });
});

describe('each township by the rule for its own lot (hypergeometric)', () => {
  it('a township of 10 is taken whole and judged without sampling risk: pass only with at most 2 of 10', () => {
    const rule = lqasRule(0.2, 0.5, 10);
    expect(rule).toMatchObject({ n: 10, d: 2, alpha: 0, beta: 0, model: 'hypergeometric', lotSize: 10 });
    // The rule for 19 (at most 6) would pass a township where 6 of its 10 reports are wrong.
    expect(lotDecision(rule, 10, 10, 6)).toBe('fail');
    expect(lotDecision(lqasRule(0.2, 0.5), 10, 10, 6)).toBe('pass');
  });

  it('19 of 25 between 10 % and 40 %: at most 2, no risk left (2 bad reports at most, or at least 4 found)', () => {
    expect(lqasRule(0.1, 0.4, 25)).toMatchObject({ n: 19, d: 2, alpha: 0, beta: 0 });
  });

  it('19 of 40 between 20 % and 50 %: at most 6, α 0.0147, β 0.0281', () => {
    const rule = lqasRule(0.2, 0.5, 40);
    expect(rule.d).toBe(6);
    expect(rule.alpha).toBeCloseTo(0.014742014742, 10);
    expect(rule.beta).toBeCloseTo(0.0280804632161, 10);
  });

  it('19 of 2,000 comes close to the binomial table: at most 6, α 0.0667, β 0.0825', () => {
    const rule = lqasRule(0.2, 0.5, 2_000);
    expect(rule.d).toBe(6);
    expect(rule.alpha).toBeCloseTo(0.0666661077576, 10);
    expect(rule.beta).toBeCloseTo(0.0825225901842, 10);
  });
});

describe("a township's verdict as recounts come in", () => {
  it('fails as soon as more than d are found, passes once the outstanding ones cannot change it', () => {
    expect(lotDecision({ d: 2 }, 19, 5, 3)).toBe('fail');
    expect(lotDecision({ d: 2 }, 19, 18, 1)).toBe('pass');
    expect(lotDecision({ d: 2 }, 19, 10, 1)).toBe('pending');
  });
});
