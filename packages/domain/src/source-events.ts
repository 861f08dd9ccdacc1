import { z } from 'zod';
import { unitCodeSchema } from './unit-code.ts';
import { periodSchema } from './period.ts';
import { indicatorValuesSchema, sourceSchema, type ReportKey, type Source } from './report-events.ts';

/**
 * Values of a unit's indicators as another source states them (数出一家): a direct-reporting enterprise's
 * tonnage, the statistics bureau's GDP. Kept beside the report, compared with it by the quality engine.
 */
export const sourceValuesReportedSchema = z.object({
  type: z.literal('SourceValuesReported'),
  data: z.object({
    form: z.string().regex(/^[a-z][a-z0-9_]*$/),
    unitCode: unitCodeSchema,
    period: periodSchema,
    source: sourceSchema,
    values: indicatorValuesSchema,
  }),
});
export type SourceValuesReported = z.infer<typeof sourceValuesReportedSchema>;

/** `source-{form}-{unitCode}-{period}-{sourceType}[-{sourceId}]` */
export function sourceStreamName(key: ReportKey, source: Source): string {
  return `source-${key.form}-${key.unitCode}-${key.period}-${source.type}${source.id ? `-${source.id}` : ''}`;
}
