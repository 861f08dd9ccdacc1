import { z } from 'zod';
import {
  AUDIT_METHODS,
  TEXT_LIMITS,
  auditDesignSchema,
  freeTextSchema,
  periodSchema,
  sampleSizeSpecSchema,
  unitCodeSchema,
} from '@statledger/domain';
import { indicatorValueInputSchema } from '@statledger/domain';

export const planAuditRequestSchema = z
  .object({
    form: z.string().regex(/^[a-z][a-z0-9_]*$/, 'a form code such as sanitation'),
    period: periodSchema,
    subtree: unitCodeSchema,
    method: z.enum(AUDIT_METHODS),
    design: auditDesignSchema,
    size: sampleSizeSpecSchema.optional(),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1),
    /** Draw from the log as it stood at this position (as printed by history and plans), not as it stands. */
    asOfPosition: z
      .string()
      .regex(/^\d{1,19}$/, 'a log position, a whole number such as 48211')
      .optional(),
  })
  .superRefine((plan, ctx) => {
    if (plan.design.type === 'lqas' && plan.size)
      ctx.addIssue({ code: 'custom', path: ['size'], message: 'LQAS samples 19 reports per township; leave size out' });
    if (plan.design.type !== 'lqas' && !plan.size)
      ctx.addIssue({ code: 'custom', path: ['size'], message: 'give either { n } or { marginOfError, confidence }' });
    if (plan.design.type === 'stratified' && plan.design.allocation === 'neyman' && !plan.design.varianceIndicator) {
      ctx.addIssue({
        code: 'custom',
        path: ['design', 'varianceIndicator'],
        message: 'Neyman allocation needs the indicator whose spread sets the allocation',
      });
    }
    if (plan.design.type === 'lqas' && plan.design.acceptableRate >= plan.design.unacceptableRate) {
      ctx.addIssue({ code: 'custom', path: ['design', 'unacceptableRate'], message: 'must be above acceptableRate' });
    }
  });
export type PlanAuditRequest = z.output<typeof planAuditRequestSchema>;

export const recordFindingRequestSchema = z.object({
  report: z.string().min(1).max(TEXT_LIMITS.line),
  recounted: z
    .record(z.string(), indicatorValueInputSchema)
    .refine((v) => Object.keys(v).length > 0, 'recount at least one indicator'),
  inspector: freeTextSchema(TEXT_LIMITS.name, 'inspector'),
  inspectedAt: z.iso.datetime({ offset: true }),
  evidence: z
    .array(
      z.object({
        sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 is 64 lowercase hex digits'),
        description: freeTextSchema(TEXT_LIMITS.line, 'description'),
      }),
    )
    .max(100)
    .default([]),
  note: freeTextSchema(TEXT_LIMITS.reason, 'note').optional(),
});
export type RecordFindingRequest = z.output<typeof recordFindingRequestSchema>;

export const closeAuditRequestSchema = z.object({ summary: freeTextSchema(TEXT_LIMITS.reason, 'summary') });
