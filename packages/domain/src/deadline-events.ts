import { z } from 'zod';
import { unitCodeSchema } from './unit-code.ts';
import { periodSchema } from './period.ts';
import type { ReportKey } from './report-events.ts';

/** The sweeper's record that a report was missing when its deadline passed: `overdue-{form}-{unitCode}-{period}`. */
export const reportOverdueSchema = z.object({
  type: z.literal('ReportOverdue'),
  data: z.object({ form: z.string(), unitCode: unitCodeSchema, period: periodSchema, deadline: z.string() }),
});

/** Marks in the log that a form's period is closed for reporting, so checks across units run on complete data: `deadline-{form}-{period}`. */
export const deadlinePassedSchema = z.object({
  type: z.literal('DeadlinePassed'),
  data: z.object({ form: z.string(), period: periodSchema, deadline: z.string() }),
});

export function overdueStreamName(key: ReportKey): string {
  return `overdue-${key.form}-${key.unitCode}-${key.period}`;
}

export function deadlineStreamName(form: string, period: string): string {
  return `deadline-${form}-${period}`;
}
