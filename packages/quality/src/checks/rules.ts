import {
  Decimal,
  isInteger,
  isNegative,
  reportedIndicators,
  type FormDefinition,
  type IndicatorValues,
  type Tier,
  type ValidationRule,
} from '@statledger/domain';
import { round, type Finding, type Severity } from '../finding.ts';

const SEVERITY: Record<ValidationRule['importance'], Severity> = { high: 'error', medium: 'warning', low: 'info' };

/**
 * The form's own rules: non-negative and integer where stated, within what is plausible for a unit of this tier,
 * and its relations (≤, =, ≥) within their tolerance, in decimals.
 */
export function checkRules(form: FormDefinition, values: IndicatorValues, tier?: Tier): Finding[] {
  const findings: Finding[] = [];
  for (const indicator of reportedIndicators(form)) {
    const value = values[indicator.code];
    if (value === undefined) continue;
    if (indicator.nonNegative && isNegative(value)) {
      findings.push({
        code: 'NEGATIVE_VALUE',
        severity: 'error',
        indicator: indicator.code,
        message: `${indicator.name} is ${value}; it cannot be negative`,
        evidence: { value },
      });
    }
    if (indicator.valueType === 'integer' && !isInteger(value)) {
      findings.push({
        code: 'NOT_INTEGER',
        severity: 'error',
        indicator: indicator.code,
        message: `${indicator.name} is ${value}; it counts whole ${indicator.unit}`,
        evidence: { value },
      });
    }
    const range = tier ? indicator.plausible[tier as keyof typeof indicator.plausible] : undefined;
    if (
      range &&
      ((range.max !== undefined && new Decimal(value).gt(range.max)) ||
        (range.min !== undefined && new Decimal(value).lt(range.min)))
    ) {
      const bounds = `${range.min ?? '…'} to ${range.max ?? '…'} ${indicator.unit}`;
      findings.push({
        code: 'IMPLAUSIBLE_VALUE',
        severity: 'error',
        indicator: indicator.code,
        message: `${indicator.name} is ${value} ${indicator.unit}, outside what a ${tier} reports (${bounds}); check the unit of measure and the digits`,
        evidence: {
          value,
          tier: tier!,
          ...(range.min === undefined ? {} : { min: range.min }),
          ...(range.max === undefined ? {} : { max: range.max }),
        },
      });
    }
  }
  for (const rule of form.rules) {
    const sides = [rule.left, rule.right].map((codes) => codes.map((c) => values[c]));
    if (sides.some((side) => side.some((v) => v === undefined))) continue;
    const [exactLeft, exactRight] = sides.map((side) => side.reduce((s, v) => s.plus(v!), new Decimal(0))) as [
      Decimal,
      Decimal,
    ];
    // Tolerance: the larger of the absolute allowance and the relative one on the right-hand side.
    const exactAllowance = Decimal.max(rule.tolerance.absolute, exactRight.abs().times(rule.tolerance.relative));
    const holds =
      rule.operator === '<='
        ? exactLeft.lte(exactRight.plus(exactAllowance))
        : rule.operator === '>='
          ? exactLeft.plus(exactAllowance).gte(exactRight)
          : exactLeft.minus(exactRight).abs().lte(exactAllowance);
    if (holds) continue;
    const [left, right, allowance] = [exactLeft, exactRight, exactAllowance].map((d) => d.toNumber()) as [
      number,
      number,
      number,
    ];
    findings.push({
      code: 'RULE_VIOLATION',
      severity: SEVERITY[rule.importance],
      indicator: rule.left[0]!,
      message: `${rule.description}: ${rule.left.join(' + ')} = ${round(left, 6)} ${rule.operator} ${rule.right.join(' + ')} = ${round(right, 6)} does not hold (allowance ${round(allowance, 6)})`,
      evidence: {
        rule: rule.id,
        operator: rule.operator,
        left: rule.left,
        right: rule.right,
        leftValue: round(left, 6),
        rightValue: round(right, 6),
        tolerance: { absolute: rule.tolerance.absolute, relative: rule.tolerance.relative },
        allowance: round(allowance, 6),
        importance: rule.importance,
      },
    });
  }
  return findings;
}
