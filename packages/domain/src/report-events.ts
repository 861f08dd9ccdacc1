import { z } from 'zod';
import { unitCodeSchema } from './unit-code.ts';
import type { UnitCode } from './unit-code.ts';
import { periodSchema } from './period.ts';
import { decimalStringSchema } from './indicator-value.ts';
import { sourceTypeSchema } from './form.ts';

/** Who caused an event and through which door; the store adds position, revision and recordedAt. */
export const eventMetadataSchema = z.object({
  principal: z.string().min(1),
  channel: z.enum(['api', 'csv', 'cli', 'system']),
  correlationId: z.string().min(1),
  formVersion: z.string().optional(),
  causationId: z.string().optional(),
  idempotencyKey: z.string().optional(),
});
export type EventMetadata = z.infer<typeof eventMetadataSchema>;

export const indicatorValuesSchema = z.record(z.string(), decimalStringSchema);
export type IndicatorValues = z.infer<typeof indicatorValuesSchema>;

export const sourceSchema = z.object({
  type: sourceTypeSchema,
  /** e.g. the unified social credit code of a direct-reporting enterprise (直报单位). */
  id: z.string().min(1).optional(),
});
export type Source = z.infer<typeof sourceSchema>;

const formCodeSchema = z.string().regex(/^[a-z][a-z0-9_]*$/);

export const reportSubmittedSchema = z.object({
  type: z.literal('ReportSubmitted'),
  data: z.object({
    form: formCodeSchema,
    unitCode: unitCodeSchema,
    period: periodSchema,
    values: indicatorValuesSchema,
    source: sourceSchema,
  }),
});
export const reportCorrectedSchema = z.object({
  type: z.literal('ReportCorrected'),
  data: z.object({
    values: indicatorValuesSchema,
    reason: z.string().min(1),
    /** The quality or audit finding this correction answers, when there is one. */
    findingRef: z.string().min(1).optional(),
  }),
});
export const reportReturnedSchema = z.object({
  type: z.literal('ReportReturned'),
  data: z.object({ byUnit: unitCodeSchema, comment: z.string().min(1) }),
});
export const reportApprovedSchema = z.object({
  type: z.literal('ReportApproved'),
  data: z.object({ byUnit: unitCodeSchema }),
});
export const reportReopenedSchema = z.object({
  type: z.literal('ReportReopened'),
  data: z.object({ byUnit: unitCodeSchema, reason: z.string().min(1) }),
});

export const reportEventSchema = z.discriminatedUnion('type', [
  reportSubmittedSchema,
  reportCorrectedSchema,
  reportReturnedSchema,
  reportApprovedSchema,
  reportReopenedSchema,
]);
export type ReportEvent = z.infer<typeof reportEventSchema>;
export type ReportEventType = ReportEvent['type'];
export const REPORT_EVENT_TYPES = reportEventSchema.options.map((o) => o.shape.type.value);

export interface ReportKey {
  form: string;
  unitCode: UnitCode;
  period: string;
}

/** `report-{form}-{unitCode}-{period}`: one stream per report. */
export function reportStreamName(key: ReportKey): string {
  return `report-${key.form}-${key.unitCode}-${key.period}`;
}

/**
 * The common start of the stream names of a form's reports by units under a unit, given its code's short form
 * (every descendant's code starts with it); '' for every unit. A form code holds no '-', so no other form's match.
 */
export function reportStreamPrefix(form: string, unitPrefix = ''): string {
  return `report-${form}-${unitPrefix}`;
}

const REPORT_STREAM = /^report-([a-z][a-z0-9_]*)-(\d{12})-(\d{4}(?:-\d{2}|-Q\d)?)$/;

export function parseReportStreamName(stream: string): ReportKey | null {
  const match = REPORT_STREAM.exec(stream);
  if (!match) return null;
  return { form: match[1]!, unitCode: match[2] as UnitCode, period: match[3]! };
}
