import { i18n } from './i18n/index.ts';
import zhCN from './i18n/zh-CN.ts';
import { instant } from './format.ts';

/** The checks' codes the console has words for, in the order of its messages. */
export const CHECK_CODES = Object.keys(zhCN.checks.names);

/** A check's name in the console's language; its code where the console has no name for it. */
export function checkName(code: string): string {
  const key = `checks.names.${code}`;
  return i18n.global.te(key) ? i18n.global.t(key) : code;
}

/**
 * What a finding says, in the console's language: what was found, from its code and evidence, and what to do about
 * it. A code the console has no words for keeps the check's own message (which also gives every figure of its test).
 */
export function findingText(
  finding: { code: string; message: string; value: string | null; evidence: Record<string, unknown> },
  indicator: { name: string; measure: string },
): string {
  const { t, te, locale } = i18n.global;
  const key = `checks.messages.${finding.code}`;
  if (!te(key)) return finding.message;
  const evidence = finding.evidence;
  const text = (value: unknown) => (value === undefined || value === null ? '…' : String(value));
  const tier = typeof evidence.tier === 'string' && te(`tiers.${evidence.tier}`) ? t(`tiers.${evidence.tier}`) : '';
  const measure = indicator.measure;
  const [min, max] = [evidence.min, evidence.max].map((bound) => (bound === undefined ? undefined : String(bound)));
  const range =
    min !== undefined && max !== undefined
      ? t('checks.range.between', { min, max, measure })
      : t(max !== undefined ? 'checks.range.atMost' : 'checks.range.atLeast', { min, max, measure });
  return t(key, {
    indicator: indicator.name,
    value: text(finding.value ?? evidence.value),
    measure,
    tier,
    range,
    deadline: typeof evidence.deadline === 'string' ? instant(evidence.deadline, locale.value) : '…',
    daysLate: text(evidence.daysLate),
  });
}
