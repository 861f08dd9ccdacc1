import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { sourceTypeSchema, toleranceSchema, type FormCatalogue, type SourceType } from '@statledger/domain';

export const sourceRegistrySchema = z.object({
  version: z.string(),
  description: z.string().optional(),
  defaultTolerance: toleranceSchema,
  entries: z.array(
    z.object({
      form: z.string(),
      indicator: z.string(),
      authoritative: sourceTypeSchema,
      alternatives: z.array(sourceTypeSchema).default([]),
      /** Denominators (GDP, population) are taken only from the authoritative source, at each tier as published. */
      denominator: z.boolean().default(false),
      tolerance: toleranceSchema,
    }),
  ),
});

export interface SourceRule {
  authoritative: SourceType;
  denominator: boolean;
  tolerance: { absolute: number; relative: number };
}

export interface SourceRegistry {
  rule(form: string, indicator: string): SourceRule;
  denominators(form: string): string[];
  /** Whether `sourceType` publishes the indicator as a denominator the read models take (GDP from the statistics bureau). */
  isDenominatorSource(form: string, indicator: string, sourceType: string): boolean;
}

/** Validates the registry against the form catalogue: every entry names a real reported indicator. */
export function createSourceRegistry(
  content: unknown,
  catalogue: FormCatalogue,
  origin = 'schemas/sources.json',
): SourceRegistry {
  const parsed = sourceRegistrySchema.safeParse(content);
  if (!parsed.success)
    throw new Error(
      `${origin} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const entries = new Map<string, SourceRule>();
  for (const [i, e] of parsed.data.entries.entries()) {
    const form = catalogue.get(e.form);
    if (!form.indicators.some((ind) => ind.code === e.indicator && ind.kind !== 'derived'))
      throw new Error(`${origin} entries.${i}: ${e.indicator} is not a reported indicator of form ${e.form}`);
    entries.set(`${e.form}|${e.indicator}`, {
      authoritative: e.authoritative,
      denominator: e.denominator,
      tolerance: e.tolerance,
    });
  }
  const rule: SourceRegistry['rule'] = (form, indicator) =>
    entries.get(`${form}|${indicator}`) ?? {
      authoritative: catalogue.get(form).defaultSource,
      denominator: false,
      tolerance: parsed.data.defaultTolerance,
    };
  return {
    rule,
    isDenominatorSource: (form, indicator, sourceType) => {
      const r = rule(form, indicator);
      return r.denominator && r.authoritative === sourceType;
    },
    denominators: (form) =>
      [...entries].filter(([k, r]) => k.startsWith(`${form}|`) && r.denominator).map(([k]) => k.split('|')[1]!),
  };
}

export function loadSourceRegistry(path: string, catalogue: FormCatalogue): SourceRegistry {
  return createSourceRegistry(JSON.parse(readFileSync(path, 'utf8')), catalogue, path);
}
