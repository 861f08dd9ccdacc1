import { createI18n } from 'vue-i18n';
import zhCN from './zh-CN.ts';
import en from './en.ts';
import type { Form } from '../forms.ts';

export type Locale = 'zh-CN' | 'en';
const saved = localStorage.getItem('statledger.locale');

/** Chinese first; English when chosen (the choice is kept in the browser, nothing else is). */
export const i18n = createI18n({
  legacy: false,
  locale: saved === 'en' ? 'en' : 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
});

export function setLocale(locale: Locale) {
  i18n.global.locale.value = locale;
  localStorage.setItem('statledger.locale', locale);
  document.documentElement.lang = locale;
}

/** An indicator's or form's name in the console's language: the form's English where it has one. */
export function localName(item: { name: string; en?: { name: string } }): string {
  return i18n.global.locale.value === 'en' && item.en ? item.en.name : item.name;
}

export function localHelp(item: { help?: string; en?: { help?: string } }): string | undefined {
  return i18n.global.locale.value === 'en' ? (item.en?.help ?? item.help) : item.help;
}

/** The unit of measure of an indicator, with its power of ten (万平方米 for m2 × 10^4). */
export function measure(indicator: { unit: string; unitMultiplier?: number }): string {
  const key = indicator.unitMultiplier ? `${indicator.unit}_${indicator.unitMultiplier}` : indicator.unit;
  const path = `measure.${key}`;
  return i18n.global.te(path) ? i18n.global.t(path) : indicator.unit;
}

/**
 * An indicator of a form by its code, named in the console's language, with its unit of measure; its code where the
 * form (not loaded yet, or another) has no indicator of that code.
 */
export function indicatorOf(
  form: Pick<Form, 'indicators'> | undefined,
  code: string,
): { name: string; measure: string } {
  const indicator = form?.indicators.find((i) => i.code === code);
  return indicator ? { name: localName(indicator), measure: measure(indicator) } : { name: code, measure: '' };
}

/** An indicator's name with its unit of measure, as a label: 生活垃圾清运量（吨）, Household waste collected (t). */
export function withMeasure(indicator: {
  name: string;
  en?: { name: string };
  unit: string;
  unitMultiplier?: number;
}): string {
  return i18n.global.locale.value === 'en'
    ? `${localName(indicator)} (${measure(indicator)})`
    : `${localName(indicator)}（${measure(indicator)}）`;
}
