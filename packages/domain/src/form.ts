import { z } from 'zod';
import { deadlineRuleSchema } from './deadline.ts';
import { PERIOD_TYPES, parsePeriod, periodSchema } from './period.ts';
import { decimalStringSchema } from './indicator-value.ts';
import { REPORTING_TIERS, tierOf, type UnitCode } from './unit-code.ts';
import { InvalidFormError } from './errors.ts';

const codeSchema = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'indicator codes are UPPER_SNAKE_CASE');

/** How an indicator combines across units (roll-up) and across periods (quarter/year views). */
export const aggregationSchema = z.object({
  overUnits: z.enum(['sum']),
  /**
   * sum: flows (tonnes collected in a quarter = sum of its months);
   * period_end: stocks (toilets at quarter end = the value of its last month, never a sum);
   * year_to_date: values already cumulated since January (the latest value stands for the period).
   */
  overTime: z.enum(['sum', 'period_end', 'year_to_date']),
});

export const SOURCE_TYPES = [
  'reporting_unit',
  'direct_reporting_enterprise',
  'statistics_bureau',
  'science_bureau',
  'finance_bureau',
  'sanitation_department',
] as const;
export const sourceTypeSchema = z.enum(SOURCE_TYPES);
export type SourceType = z.infer<typeof sourceTypeSchema>;

/** What a person filling or reading the form is told in English, beside the Chinese name and help. */
const englishSchema = z.object({ name: z.string().min(1), help: z.string().min(1).optional() });

const reportedIndicatorSchema = z.object({
  code: codeSchema,
  name: z.string().min(1),
  /** How to fill it in: what counts, where the figure comes from (shown beside the field). */
  help: z.string().min(1).optional(),
  en: englishSchema.optional(),
  unit: z.string().min(1),
  /** Power of ten of the stated unit, as SDMX UNIT_MULT (万 = 4). */
  unitMultiplier: z.number().int().min(0).max(12).default(0),
  kind: z.enum(['flow', 'stock']),
  valueType: z.enum(['decimal', 'integer']),
  nonNegative: z.boolean().default(true),
  optional: z.boolean().default(false),
  aggregation: aggregationSchema,
  /** Money or tonnage reported by villages: screened for fabrication (Benford, terminal digits). Never rates or small counts. */
  digitScreening: z.boolean().default(false),
  /** What is plausible for a unit of each tier: a value outside is an error finding (IMPLAUSIBLE_VALUE), kept and flagged. */
  plausible: z
    .partialRecord(
      z.enum(REPORTING_TIERS),
      z.object({ min: decimalStringSchema.optional(), max: decimalStringSchema.optional() }),
    )
    .default({}),
  /** No unit reports more than this (in absolute value): beyond it the value is refused (400), a slip of unit or digits. */
  limit: decimalStringSchema.optional(),
});

const ratioTermSchema = z.union([z.object({ indicator: codeSchema }), z.object({ attribute: z.string().min(1) })]);

const derivedIndicatorSchema = z.object({
  code: codeSchema,
  name: z.string().min(1),
  help: z.string().min(1).optional(),
  en: englishSchema.optional(),
  unit: z.string().min(1),
  kind: z.literal('derived'),
  /** Always a ratio of sums at read time, never an average of unit ratios. */
  ratio: z.object({ numerator: ratioTermSchema, denominator: ratioTermSchema, scale: z.number().positive() }),
});

export const indicatorSchema = z.discriminatedUnion('kind', [
  reportedIndicatorSchema.extend({ kind: z.literal('flow') }),
  reportedIndicatorSchema.extend({ kind: z.literal('stock') }),
  derivedIndicatorSchema,
]);

export const toleranceSchema = z.object({
  absolute: z.number().min(0).default(0),
  relative: z.number().min(0).default(0),
});

export const validationRuleSchema = z.object({
  id: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  description: z.string().min(1),
  left: z.array(codeSchema).min(1),
  operator: z.enum(['<=', '=', '>=']),
  right: z.array(codeSchema).min(1),
  importance: z.enum(['high', 'medium', 'low']),
  tolerance: toleranceSchema.default({ absolute: 0, relative: 0 }),
});

export const formDefinitionSchema = z
  .object({
    code: z.string().regex(/^[a-z][a-z0-9_]*$/, 'form codes are lower_snake_case'),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'form versions are semantic versions such as 1.0.0'),
    name: z.string().min(1),
    en: englishSchema.optional(),
    periodType: z.enum(PERIOD_TYPES),
    /** The first period the form is reported for: nothing before it is accepted, swept or expected. */
    effectiveFrom: z.string(),
    /** year_to_date: each value is cumulative since January (e.g. the R&D quarterly form). */
    valueBasis: z.enum(['period', 'year_to_date']).default('period'),
    reportingTiers: z.array(z.enum(REPORTING_TIERS)).min(1),
    deadline: deadlineRuleSchema,
    defaultSource: sourceTypeSchema.default('reporting_unit'),
    indicators: z.array(indicatorSchema).min(1),
    rules: z.array(validationRuleSchema).default([]),
  })
  .superRefine((form, ctx) => {
    const start = periodSchema.safeParse(form.effectiveFrom);
    if (!start.success || parsePeriod(form.effectiveFrom).type !== form.periodType) {
      ctx.addIssue({
        code: 'custom',
        path: ['effectiveFrom'],
        message: `effectiveFrom is the first ${form.periodType} the form is reported for, such as ${{ month: '2020-01', quarter: '2020-Q1', year: '2020' }[form.periodType]}`,
      });
    }
    const reported = new Set<string>();
    const all = new Set<string>();
    form.indicators.forEach((indicator, i) => {
      if (all.has(indicator.code)) {
        ctx.addIssue({
          code: 'custom',
          path: ['indicators', i, 'code'],
          message: `indicator ${indicator.code} is defined twice`,
        });
      }
      all.add(indicator.code);
      if (indicator.kind !== 'derived') reported.add(indicator.code);
    });
    form.indicators.forEach((indicator, i) => {
      if (indicator.kind !== 'derived') return;
      for (const side of ['numerator', 'denominator'] as const) {
        const term = indicator.ratio[side];
        if ('indicator' in term && !reported.has(term.indicator)) {
          ctx.addIssue({
            code: 'custom',
            path: ['indicators', i, 'ratio', side],
            message: `${term.indicator} is not a reported indicator of form ${form.code}`,
          });
        }
      }
    });
    form.rules.forEach((rule, i) => {
      for (const side of ['left', 'right'] as const) {
        rule[side].forEach((code, j) => {
          if (!reported.has(code)) {
            ctx.addIssue({
              code: 'custom',
              path: ['rules', i, side, j],
              message: `rule ${rule.id} refers to ${code}, which is not a reported indicator of form ${form.code}`,
            });
          }
        });
      }
    });
  });

export type FormDefinition = z.infer<typeof formDefinitionSchema>;
export type Indicator = z.infer<typeof indicatorSchema>;
export type ReportedIndicator = Exclude<Indicator, { kind: 'derived' }>;
export type ValidationRule = z.infer<typeof validationRuleSchema>;

/** Whether units of this code's tier report the form (e.g. villages and subdistricts report sanitation). */
export function isReportingUnit(form: FormDefinition, unit: UnitCode): boolean {
  return (form.reportingTiers as string[]).includes(tierOf(unit));
}

export function reportedIndicators(form: FormDefinition): ReportedIndicator[] {
  return form.indicators.filter((i): i is ReportedIndicator => i.kind !== 'derived');
}

/** The catalogue: forms by code, each validated; a form code appears once. */
export interface FormCatalogue {
  readonly forms: ReadonlyMap<string, FormDefinition>;
  get(code: string): FormDefinition;
}

/** Builds a catalogue from parsed JSON documents; `origin` names each document in error messages. */
export function createFormCatalogue(documents: { origin: string; content: unknown }[]): FormCatalogue {
  const forms = new Map<string, FormDefinition>();
  for (const { origin, content } of documents) {
    const parsed = formDefinitionSchema.safeParse(content);
    if (!parsed.success) {
      const details = parsed.error.issues
        .map((issue) => `  at ${issue.path.join('.') || '(root)'}: ${issue.message}`)
        .join('\n');
      throw new InvalidFormError(`form definition ${origin} is invalid:\n${details}`);
    }
    if (forms.has(parsed.data.code))
      throw new InvalidFormError(`form ${parsed.data.code} is defined twice (again in ${origin})`);
    forms.set(parsed.data.code, parsed.data);
  }
  return {
    forms,
    get(code) {
      const form = forms.get(code);
      if (!form) throw new InvalidFormError(`unknown form '${code}'; known forms: ${[...forms.keys()].join(', ')}`);
      return form;
    },
  };
}
