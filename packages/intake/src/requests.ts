import { z } from 'zod';
import {
  TEXT_LIMITS,
  freeTextSchema,
  indicatorValueInputSchema,
  periodSchema,
  sourceSchema,
  unitCodeSchema,
} from '@statledger/domain';

/** What a reporter sends; values may be numbers or decimal strings and are stored as decimal strings. */
export const submitReportRequestSchema = z.object({
  form: z.string().min(1),
  unitCode: unitCodeSchema,
  period: periodSchema,
  values: z.record(z.string(), indicatorValueInputSchema),
  source: sourceSchema.optional(),
});

const expectedRevision = z.number().int().min(0).optional();

export const correctReportRequestSchema = z.object({
  values: z.record(z.string(), indicatorValueInputSchema),
  reason: freeTextSchema(TEXT_LIMITS.reason, 'reason'),
  findingRef: z.string().min(1).max(TEXT_LIMITS.line).optional(),
  expectedRevision,
});
export const returnReportRequestSchema = z.object({
  comment: freeTextSchema(TEXT_LIMITS.reason, 'comment'),
  expectedRevision,
});
export const approveReportRequestSchema = z.object({ expectedRevision });
export const reopenReportRequestSchema = z.object({
  reason: freeTextSchema(TEXT_LIMITS.reason, 'reason'),
  expectedRevision,
});

export type SubmitReportRequest = z.infer<typeof submitReportRequestSchema>;
