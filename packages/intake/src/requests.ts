import { z } from 'zod';
import { indicatorValueInputSchema, periodSchema, sourceSchema, unitCodeSchema } from '@statledger/domain';

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
  reason: z.string().trim().min(1, 'a correction states its reason'),
  findingRef: z.string().min(1).optional(),
  expectedRevision,
});
export const returnReportRequestSchema = z.object({ comment: z.string().trim().min(1, 'a return says what to fix'), expectedRevision });
export const approveReportRequestSchema = z.object({ expectedRevision });
export const reopenReportRequestSchema = z.object({ reason: z.string().trim().min(1, 'a reopening states its reason'), expectedRevision });

export type SubmitReportRequest = z.infer<typeof submitReportRequestSchema>;
