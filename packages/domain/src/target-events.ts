import { z } from 'zod';
import { unitCodeSchema, type UnitCode } from './unit-code.ts';
import { decimalStringSchema } from './indicator-value.ts';
import { DomainError } from './errors.ts';

/** An annual target for one indicator and unit (e.g. a city's R&D target broken down to its towns). */
export interface TargetKey {
  form: string;
  indicator: string;
  unitCode: UnitCode;
  year: number;
}

export const targetSetSchema = z.object({
  type: z.literal('TargetSet'),
  data: z.object({
    form: z.string(),
    indicator: z.string(),
    unitCode: unitCodeSchema,
    year: z.number().int(),
    value: decimalStringSchema,
  }),
});
export const targetRevisedSchema = z.object({
  type: z.literal('TargetRevised'),
  data: z.object({
    form: z.string(),
    indicator: z.string(),
    unitCode: unitCodeSchema,
    year: z.number().int(),
    value: decimalStringSchema,
    previous: decimalStringSchema,
    reason: z.string().min(1),
  }),
});
export type TargetEvent = z.infer<typeof targetSetSchema> | z.infer<typeof targetRevisedSchema>;

/** `target-{form}-{indicator}-{unitCode}-{year}` */
export function targetStreamName(key: TargetKey): string {
  return `target-${key.form}-${key.indicator}-${key.unitCode}-${key.year}`;
}

/** Set once; after that only revised, with a reason and a value that differs. Returns no event when nothing changes. */
export function decideTarget(
  current: string | undefined,
  key: TargetKey,
  value: string,
  reason?: string,
): TargetEvent[] {
  if (current === undefined) return [{ type: 'TargetSet', data: { ...key, value } }];
  if (current === value) return [];
  if (!reason)
    throw new DomainError(
      'REASON_REQUIRED',
      `the ${key.indicator} target of ${key.unitCode} for ${key.year} is ${current}; a revision to ${value} states its reason`,
    );
  return [{ type: 'TargetRevised', data: { ...key, value, previous: current, reason } }];
}
