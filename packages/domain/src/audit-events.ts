import { z } from 'zod';
import { unitCodeSchema } from './unit-code.ts';
import { periodSchema } from './period.ts';
import { decimalStringSchema } from './indicator-value.ts';

/** 明查 announced visit, 暗查 unannounced visit, 抽样调查 sample survey. */
export const AUDIT_METHODS = ['overt', 'covert', 'survey'] as const;
export type AuditMethod = (typeof AUDIT_METHODS)[number];

export const auditDesignSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('simple_random') }),
  /** Strata are the districts (区县) of the audited subtree. */
  z.object({
    type: z.literal('stratified'),
    allocation: z.enum(['proportional', 'neyman']),
    varianceIndicator: z.string().optional(),
  }),
  /** Probability proportional to size, the size being the named indicator's reported value. */
  z.object({ type: z.literal('pps'), sizeIndicator: z.string().min(1) }),
  /** Lot quality assurance per township (街道乡镇): n = 19 reports each, with a stated decision rule. */
  z.object({
    type: z.literal('lqas'),
    acceptableRate: z.number().gt(0).lt(1),
    unacceptableRate: z.number().gt(0).lt(1),
  }),
]);
export type AuditDesign = z.infer<typeof auditDesignSchema>;

/** Either a given sample size or the precision from which it is computed. */
export const sampleSizeSpecSchema = z.union(
  [
    z.object({ n: z.number().int().positive() }),
    z.object({
      marginOfError: z.number().gt(0).lt(1),
      confidence: z.union([z.literal(0.9), z.literal(0.95), z.literal(0.99)]),
      proportion: z.number().gt(0).lt(1).default(0.5),
    }),
  ],
  {
    error:
      'give { n } (a whole number above 0) or { marginOfError } (between 0 and 1) with { confidence } 0.9, 0.95 or 0.99 and optionally { proportion } (between 0 and 1)',
  },
);
export type SampleSizeSpec = z.infer<typeof sampleSizeSpecSchema>;

export const sampledReportSchema = z.object({
  report: z.string().min(1),
  unitCode: unitCodeSchema,
  stratum: z.string().optional(),
  inclusionProbability: z.number().min(0).max(1),
});
export type SampledReport = z.infer<typeof sampledReportSchema>;

export const auditPlannedSchema = z.object({
  type: z.literal('AuditPlanned'),
  data: z.object({
    planId: z.string().min(1),
    form: z.string().regex(/^[a-z][a-z0-9_]*$/),
    period: periodSchema,
    subtree: unitCodeSchema,
    method: z.enum(AUDIT_METHODS),
    design: auditDesignSchema,
    sizeSpec: sampleSizeSpecSchema,
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1),
    /** What the sample was drawn from: the reports in the log up to `asOfPosition`, and a digest of them. */
    population: z.object({
      count: z.number().int().nonnegative(),
      digest: z.string().regex(/^[0-9a-f]{64}$/),
      asOfPosition: z.string(),
    }),
    /** Formula, inputs and result of every computation that led to the sample. */
    calculation: z.record(z.string(), z.unknown()),
    sample: z.array(sampledReportSchema),
  }),
});

export const recountSchema = z.object({
  indicator: z.string().min(1),
  reported: decimalStringSchema,
  recounted: decimalStringSchema,
});
export const evidenceSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 is 64 lowercase hex digits'),
  description: z.string().min(1),
});

export const auditFindingRecordedSchema = z.object({
  type: z.literal('AuditFindingRecorded'),
  data: z.object({
    findingId: z.string().min(1),
    planId: z.string().min(1),
    report: z.string().min(1),
    /** Revision of the report the reported values were read from. */
    reportRevision: z.number().int().nonnegative(),
    recounts: z.array(recountSchema).min(1),
    inspector: z.string().min(1),
    /** When the inspector recounted on site; the log records separately when it was entered. */
    inspectedAt: z.iso.datetime({ offset: true }),
    evidence: z.array(evidenceSchema),
    note: z.string().optional(),
  }),
});

export const auditClosedSchema = z.object({
  type: z.literal('AuditClosed'),
  data: z.object({ planId: z.string().min(1), summary: z.string().min(1) }),
});

export const auditEventSchema = z.discriminatedUnion('type', [
  auditPlannedSchema,
  auditFindingRecordedSchema,
  auditClosedSchema,
]);
export type AuditEvent = z.infer<typeof auditEventSchema>;
export type AuditPlanned = z.infer<typeof auditPlannedSchema>;
export type AuditFindingRecorded = z.infer<typeof auditFindingRecordedSchema>;
export type Recount = z.infer<typeof recountSchema>;

/** `audit-{planId}`: the plan, its findings and its closing. */
export const auditStreamName = (planId: string) => `audit-${planId}`;

/** `auditfinding-{reportStream}`: every audit finding on one report, from any plan, so its history finds them by name. */
export const reportFindingsStreamName = (reportStream: string) => `auditfinding-${reportStream}`;

/** A finding id names its plan and report, so a correction's findingRef says where the finding is. */
export const findingIdOf = (planId: string, reportStream: string, sequence: number) =>
  `${planId}/${reportStream}/${sequence}`;
