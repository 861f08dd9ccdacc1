import { isInteger, isNegative, reportedIndicators, type FormDefinition, type IndicatorValues, type ValidationRule } from '@statledger/domain';
import { round, type Finding, type Severity } from '../finding.ts';

const SEVERITY: Record<ValidationRule['importance'], Severity> = { high: 'error', medium: 'warning', low: 'info' };

/** The form's own rules: non-negative and integer where stated, and its relations (≤, =, ≥) within their tolerance. */
export function checkRules(form: FormDefinition, values: IndicatorValues): Finding[] {
  const findings: Finding[] = [];
  for (const indicator of reportedIndicators(form)) {
    const value = values[indicator.code];
    if (value === undefined) continue;
    if (indicator.nonNegative && isNegative(value)) {
      findings.push({ code: 'NEGATIVE_VALUE', severity: 'error', indicator: indicator.code, message: `${indicator.name} is ${value}; it cannot be negative`, evidence: { value } });
    }
    if (indicator.valueType === 'integer' && !isInteger(value)) {
      findings.push({ code: 'NOT_INTEGER', severity: 'error', indicator: indicator.code, message: `${indicator.name} is ${value}; it counts whole ${indicator.unit}`, evidence: { value } });
    }
  }
  for (const rule of form.rules) {
    const sides = [rule.left, rule.right].map((codes) => codes.map((c) => values[c]));
    if (sides.some((side) => side.some((v) => v === undefined))) continue;
    const [left, right] = sides.map((side) => side.reduce((s, v) => s + Number(v), 0)) as [number, number];
    // Tolerance: the larger of the absolute allowance and the relative one on the right-hand side.
    const allowance = Math.max(rule.tolerance.absolute, rule.tolerance.relative * Math.abs(right));
    const holds = rule.operator === '<=' ? left <= right + allowance : rule.operator === '>=' ? left + allowance >= right : Math.abs(left - right) <= allowance;
    if (holds) continue;
    findings.push({
      code: 'RULE_VIOLATION',
      severity: SEVERITY[rule.importance],
      indicator: rule.left[0]!,
      message: `${rule.description}: ${rule.left.join(' + ')} = ${round(left, 6)} ${rule.operator} ${rule.right.join(' + ')} = ${round(right, 6)} does not hold (allowance ${round(allowance, 6)})`,
      evidence: { rule: rule.id, operator: rule.operator, left: rule.left, right: rule.right, leftValue: round(left, 6), rightValue: round(right, 6), tolerance: { absolute: rule.tolerance.absolute, relative: rule.tolerance.relative }, allowance: round(allowance, 6), importance: rule.importance },
    });
  }
  return findings;
}
