import { z } from 'zod';

export const severitySchema = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof severitySchema>;

export type Evidence = {
  [key: string]: string | number | boolean | null | Evidence | (string | number | null | Evidence)[];
};

/** What a check found, with the numbers and the formula that produced it, so an auditor can recompute it by hand. */
export interface Finding {
  code: string;
  severity: Severity;
  indicator?: string;
  message: string;
  evidence: Evidence;
}

/** The families of checks; each is re-evaluated as a whole, so its open findings are replaced together. */
export const CHECK_FAMILIES = [
  'timeliness',
  'rules',
  'history',
  'sources',
  'peers',
  'consistency',
  'hierarchy',
  'benford',
] as const;
export const checkFamilySchema = z.enum(CHECK_FAMILIES);
export type CheckFamily = z.infer<typeof checkFamilySchema>;

const findingSchema: z.ZodType<Finding> = z.object({
  code: z.string().min(1),
  severity: severitySchema,
  indicator: z.string().optional(),
  message: z.string(),
  evidence: z.record(z.string(), z.json()) as unknown as z.ZodType<Evidence>,
});

/** The quality stream of a report: the worker's findings on it, `quality-{reportStream}`. */
export function qualityStreamOf(reportStream: string): string {
  return `quality-${reportStream}`;
}

/** Which subject a finding is on: a report's quality stream, or a district's digit screen (no report). */
const subjectSchema = z.object({
  findingId: z.string().min(1),
  subject: z.string().min(1),
  report: z.string().optional(),
  family: checkFamilySchema,
});

/** The quality worker's record that a check found something: `quality-{subject}`, written by the worker alone. */
export const qualityFindingRaisedSchema = z.object({
  type: z.literal('QualityFindingRaised'),
  data: subjectSchema.extend({
    finding: findingSchema,
    /** The log position of the figures the check saw. */
    basedOn: z.string().optional(),
  }),
});

/** The check no longer finds it, finds it with other numbers, or an accepted explanation confirmed the value. */
export const qualityFindingResolvedSchema = z.object({
  type: z.literal('QualityFindingResolved'),
  data: subjectSchema.extend({ code: z.string().min(1), reason: z.string().min(1), resolvedAt: z.string().optional() }),
});

export const qualityEventSchema = z.discriminatedUnion('type', [
  qualityFindingRaisedSchema,
  qualityFindingResolvedSchema,
]);
export type QualityEvent = z.infer<typeof qualityEventSchema>;
