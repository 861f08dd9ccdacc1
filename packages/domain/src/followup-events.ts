import { z } from 'zod';
import { assessmentEvidenceSchema } from './assessment-events.ts';
import { checkFamilySchema } from './quality-events.ts';
import { decimalStringSchema } from './indicator-value.ts';
import { freeTextSchema, TEXT_LIMITS } from './text.ts';
import { unitCodeSchema } from './unit-code.ts';

/**
 * The follow-up of one quality finding (its work, not its numbers): `followup-{findingId}`. The finding itself
 * stays in its subject's quality stream, which only the quality worker writes; people write here.
 */
export const followUpStreamName = (findingId: string) => `followup-${findingId}`;

/** A document that backs an explanation: its SHA-256 and what it is (the file stays where it is kept). */
export const followUpEvidenceSchema = assessmentEvidenceSchema;

/** Which finding, and what the checks need to recognise it again: its subject, check family, code and indicator. */
const findingRefSchema = z.object({
  findingId: z.string().min(1),
  subject: z.string().min(1),
  /** The report's stream, for a finding on a report (a district's digit screen has none). */
  report: z.string().optional(),
  family: checkFamilySchema,
  code: z.string().min(1),
  indicator: z.string().optional(),
});

/** The reporter says the value is true and why (a new landfill opened), with documents when there are some. */
export const findingExplainedSchema = z.object({
  type: z.literal('FindingExplained'),
  data: findingRefSchema.extend({
    explanation: freeTextSchema(TEXT_LIMITS.reason, 'explanation'),
    evidence: z.array(followUpEvidenceSchema).max(20),
    /** The value explained, as the report held it then. */
    value: decimalStringSchema.optional(),
  }),
});

/**
 * An approver or auditor accepts the explanation: the value is confirmed. `value` scope: this value of this report
 * is not flagged again; `structural`: the unit's difference is structural, so the same check on the same indicator
 * stays quiet in later periods while the value stays near the accepted one.
 */
export const findingExplanationAcceptedSchema = z.object({
  type: z.literal('FindingExplanationAccepted'),
  data: findingRefSchema.extend({
    scope: z.enum(['value', 'structural']),
    value: decimalStringSchema.optional(),
    period: z.string().optional(),
    unitCode: unitCodeSchema,
    note: freeTextSchema(TEXT_LIMITS.reason, 'note').optional(),
  }),
});

/** The explanation does not hold; the report goes back to its unit. A recount that disproved it is cited. */
export const findingExplanationRejectedSchema = z.object({
  type: z.literal('FindingExplanationRejected'),
  data: findingRefSchema.extend({
    reason: freeTextSchema(TEXT_LIMITS.reason, 'reason'),
    /** The spot-check finding whose recount disproved the explanation; it counts against the unit. */
    auditFindingRef: z.string().min(1).optional(),
  }),
});

export const findingAssignedSchema = z.object({
  type: z.literal('FindingAssigned'),
  data: findingRefSchema.extend({
    assignee: z.string().min(1),
    note: freeTextSchema(TEXT_LIMITS.reason, 'note').optional(),
  }),
});

/** Passed up to the parent unit: by hand, or by the sweeper once the due date has passed. */
export const findingEscalatedSchema = z.object({
  type: z.literal('FindingEscalated'),
  data: findingRefSchema.extend({
    toUnit: unitCodeSchema,
    reason: freeTextSchema(TEXT_LIMITS.reason, 'reason'),
    /** The due date that passed, when the sweeper escalated it. */
    dueAt: z.string().optional(),
  }),
});

/** An accepted or resolved finding is work again; an accepted value is checked again. */
export const findingReopenedSchema = z.object({
  type: z.literal('FindingReopened'),
  data: findingRefSchema.extend({ reason: freeTextSchema(TEXT_LIMITS.reason, 'reason'), unitCode: unitCodeSchema }),
});

export const followUpEventSchema = z.discriminatedUnion('type', [
  findingExplainedSchema,
  findingExplanationAcceptedSchema,
  findingExplanationRejectedSchema,
  findingAssignedSchema,
  findingEscalatedSchema,
  findingReopenedSchema,
]);
export type FollowUpEvent = z.infer<typeof followUpEventSchema>;
export type FollowUpEventType = FollowUpEvent['type'];
export type FindingRef = z.infer<typeof findingRefSchema>;
export const FOLLOW_UP_EVENT_TYPES = followUpEventSchema.options.map((o) => o.shape.type.value);
