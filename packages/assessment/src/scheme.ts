import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const english = z.object({ name: z.string().min(1), help: z.string().min(1).optional() });

/**
 * A threshold: a number, or one chosen by a unit's attribute (enterprise type: general 1.5 %, high-tech 5 %) or
 * by the assessed year (1.45 %, 1.50 %, 1.60 % over three years), else the default.
 */
export const thresholdSchema = z.union([
  z.number(),
  z.object({
    attribute: z.string().min(1).optional(),
    values: z.record(z.string(), z.number()).optional(),
    byYear: z.record(z.string().regex(/^\d{4}$/), z.number()).optional(),
    default: z.number(),
  }),
]);
export type Threshold = z.infer<typeof thresholdSchema>;

/** How a line's value becomes points. */
export const ruleSchema = z.discriminatedUnion('type', [
  /** Linear between thresholds: [value, share of the points] pairs in value order; below the first and above the last, flat. */
  z.object({ type: z.literal('linear'), steps: z.array(z.tuple([thresholdSchema, z.number().min(0).max(1)])).min(2) }),
  /** All the points when the value is at or beyond the threshold, none otherwise. */
  z.object({ type: z.literal('pass_fail'), operator: z.enum(['>=', '<=']), threshold: thresholdSchema }),
  /** 扣分: the points less `per` for each occurrence, never below points − cap. */
  z.object({ type: z.literal('deduction'), per: z.number().positive(), cap: z.number().positive() }),
  /** 加分: `per` for each unit of the value, at most the line's points, added beyond the scheme's base total. */
  z.object({ type: z.literal('bonus'), per: z.number().positive() }),
  /** Scored by an assessor, 0 to the line's points, with evidence (qualitative lines). */
  z.object({ type: z.literal('assessed') }),
]);
export type Rule = z.infer<typeof ruleSchema>;

/** Named computations over what the ledger holds: reports, quality findings, spot checks. */
export const LEDGER_MEASURES = [
  'completenessRate',
  'timelinessRate',
  'errorFindingsPer100',
  'openErrorFindings',
  'revisedPer100',
  'sourceConflicts',
  'fabricationWarnings',
  'spotCheckVfDeviation',
  'discrepancyShare',
  'returnAnswerDays',
  'explanationsDisproved',
] as const;
export type LedgerMeasure = (typeof LEDGER_MEASURES)[number];

export const measureSchema = z.discriminatedUnion('kind', [
  /** A named computation over one form's reports of the unit in the period. */
  z.object({ kind: z.literal('ledger'), name: z.enum(LEDGER_MEASURES), form: z.string().min(1) }),
  /** A figure of the unit for the period: a reported sum or a derived ratio (percent where the form says %). */
  z.object({ kind: z.literal('figure'), form: z.string().min(1), indicator: z.string().min(1) }),
  /** Progress against the unit's annual target for the indicator, in percent. */
  z.object({ kind: z.literal('targetProgress'), form: z.string().min(1), indicator: z.string().min(1) }),
]);
export type Measure = z.infer<typeof measureSchema>;

const lineSchema = z.object({
  code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  group: z.string().min(1),
  name: z.string().min(1),
  en: english.optional(),
  help: z.string().min(1).optional(),
  points: z.number().min(0),
});

export const indicatorSchema = z.discriminatedUnion('kind', [
  lineSchema.extend({
    kind: z.literal('quantitative'),
    measure: measureSchema,
    rule: ruleSchema,
    /** A unit with nothing to measure (no spot check drew its reports): no points, or all of them. */
    whenUnmeasured: z.enum(['zero', 'full']).default('zero'),
  }),
  lineSchema.extend({ kind: z.literal('qualitative'), rule: z.object({ type: z.literal('assessed') }) }),
  /** 一票否决: failed, the unit's total is void (0) and its grade the lowest, whatever it scored. */
  lineSchema.extend({ kind: z.literal('veto'), points: z.literal(0) }),
]);
export type SchemeIndicator = z.infer<typeof indicatorSchema>;

export const schemeSchema = z
  .object({
    code: z.string().regex(/^[a-z][a-z0-9_-]*$/),
    version: z.string().regex(/^\d+\.\d+\.\d+$/),
    name: z.string().min(1),
    en: english.optional(),
    /** Who is assessed: the units of this tier under the assessment's root (a city's districts). */
    population: z.object({ tier: z.enum(['district', 'subdistrict']), root: z.enum(['city', 'district']) }),
    periodType: z.enum(['year', 'quarter']),
    /** A unit with fewer reports of the scheme's main form is scored but not ranked: its rates would be noise. */
    minimumReports: z.object({ form: z.string().min(1), count: z.number().int().min(0) }),
    groups: z.array(z.object({ code: z.string().min(1), name: z.string().min(1), en: english.optional() })).min(1),
    indicators: z.array(indicatorSchema).min(1),
    /** Data that fail verification cannot rank high: past the limit, the total is capped. */
    caps: z
      .array(
        z.object({ indicator: z.string().min(1), above: z.number(), maxTotal: z.number(), reason: z.string().min(1) }),
      )
      .default([]),
    grades: z.array(z.object({ grade: z.string().min(1), en: z.string().min(1), min: z.number() })).min(1),
    /** Rank intervals from resampling each unit's reports and recounts; the seed makes them reproducible. */
    stability: z.object({
      resamples: z.number().int().min(20).max(5_000),
      seed: z.number().int().min(0),
      level: z.number().gt(0).lt(1),
    }),
  })
  .superRefine((scheme, ctx) => {
    const groups = new Set(scheme.groups.map((g) => g.code));
    const codes = new Set<string>();
    scheme.indicators.forEach((indicator, i) => {
      if (!groups.has(indicator.group))
        ctx.addIssue({ code: 'custom', path: ['indicators', i, 'group'], message: `no group ${indicator.group}` });
      if (codes.has(indicator.code))
        ctx.addIssue({ code: 'custom', path: ['indicators', i, 'code'], message: `${indicator.code} appears twice` });
      codes.add(indicator.code);
    });
    scheme.caps.forEach((cap, i) => {
      if (!codes.has(cap.indicator))
        ctx.addIssue({ code: 'custom', path: ['caps', i, 'indicator'], message: `no indicator ${cap.indicator}` });
    });
  });
export type Scheme = z.infer<typeof schemeSchema>;

export interface SchemeCatalogue {
  readonly schemes: ReadonlyMap<string, Scheme>;
  get(code: string): Scheme;
}

/** Reads and validates every scheme in the folder; an invalid one stops start-up with its path and reason. */
export function loadSchemes(dir: string): SchemeCatalogue {
  const schemes = new Map<string, Scheme>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const path = join(dir, file);
    const parsed = schemeSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (!parsed.success) {
      throw new Error(
        `assessment scheme ${path} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    }
    schemes.set(parsed.data.code, parsed.data);
  }
  return {
    schemes,
    get(code) {
      const scheme = schemes.get(code);
      if (!scheme) throw new Error(`no assessment scheme '${code}'; there are: ${[...schemes.keys()].join(', ')}`);
      return scheme;
    },
  };
}
