import { z } from 'zod';
import { DomainError } from './errors.ts';
import { decimalStringSchema } from './indicator-value.ts';
import { periodSchema } from './period.ts';
import { freeTextSchema, TEXT_LIMITS } from './text.ts';
import { unitCodeSchema, type UnitCode } from './unit-code.ts';

/** Which assessment: a scheme, the unit whose subordinate units are assessed (a city's districts), a period. */
export const assessmentKeySchema = z.object({
  scheme: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'scheme codes are lower-case words joined by - or _'),
  root: unitCodeSchema,
  period: periodSchema,
});
export type AssessmentKey = z.infer<typeof assessmentKeySchema>;

export const assessmentEvidenceSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 is 64 lowercase hex digits'),
  description: freeTextSchema(TEXT_LIMITS.line, 'description'),
});

/** An assessor's score of one line for one unit: a qualitative indicator, a veto item, or an override after an appeal. */
export const assessmentScoreRecordedSchema = z.object({
  type: z.literal('AssessmentScoreRecorded'),
  data: assessmentKeySchema.extend({
    unit: unitCodeSchema,
    indicator: z.string().min(1),
    /** Points for a scored line; for a veto item, whether it is failed. */
    score: decimalStringSchema.optional(),
    vetoed: z.boolean().optional(),
    evidence: z.array(assessmentEvidenceSchema).max(50),
    reason: freeTextSchema(TEXT_LIMITS.reason, 'reason'),
    /** The appeal this record decides, when it re-scores one. */
    appealId: z.string().optional(),
  }),
});

/** The assessed unit contests one line of its scorecard. */
export const assessmentAppealedSchema = z.object({
  type: z.literal('AssessmentScoreAppealed'),
  data: assessmentKeySchema.extend({
    appealId: z.string().min(1),
    unit: unitCodeSchema,
    indicator: z.string().min(1),
    reason: freeTextSchema(TEXT_LIMITS.reason, 'reason'),
  }),
});

/** The assessor's decision: the appeal upheld (the line re-scored by a record naming it) or rejected. */
export const assessmentAppealDecidedSchema = z.object({
  type: z.literal('AssessmentAppealDecided'),
  data: z.object({
    appealId: z.string().min(1),
    decision: z.enum(['upheld', 'rejected']),
    reason: freeTextSchema(TEXT_LIMITS.reason, 'reason'),
  }),
});

/** A published notice (通报): the scorecard frozen as it stood at a log position, with the hash of its content. */
export const assessmentPublishedSchema = z.object({
  type: z.literal('AssessmentPublished'),
  data: assessmentKeySchema.extend({
    asOfPosition: z.string(),
    contentHash: z.string().regex(/^[0-9a-f]{64}$/),
    notice: z.record(z.string(), z.unknown()),
  }),
});

export const assessmentEventSchema = z.discriminatedUnion('type', [
  assessmentScoreRecordedSchema,
  assessmentAppealedSchema,
  assessmentAppealDecidedSchema,
  assessmentPublishedSchema,
]);
export type AssessmentEvent = z.infer<typeof assessmentEventSchema>;
export type AssessmentScoreRecorded = z.infer<typeof assessmentScoreRecordedSchema>;
export type AssessmentPublished = z.infer<typeof assessmentPublishedSchema>;

/** `assessment-{scheme}-{root}-{period}`: every record, appeal, decision and notice of one assessment. */
export const assessmentStreamName = (key: AssessmentKey) => `assessment-${key.scheme}-${key.root}-${key.period}`;

export interface AssessmentState {
  /** The records of each line ('unit|indicator'), oldest first: a revision keeps the earlier one. */
  records: Map<string, AssessmentScoreRecorded['data'][]>;
  appeals: Map<string, { unit: UnitCode; indicator: string; decided: boolean }>;
  published: AssessmentPublished['data'][];
}

export const initialAssessmentState = (): AssessmentState => ({
  records: new Map(),
  appeals: new Map(),
  published: [],
});
export const lineKey = (unit: string, indicator: string) => `${unit}|${indicator}`;

export function evolveAssessment(state: AssessmentState, event: AssessmentEvent): AssessmentState {
  switch (event.type) {
    case 'AssessmentScoreRecorded': {
      const key = lineKey(event.data.unit, event.data.indicator);
      state.records.set(key, [...(state.records.get(key) ?? []), event.data]);
      return state;
    }
    case 'AssessmentScoreAppealed':
      state.appeals.set(event.data.appealId, {
        unit: event.data.unit,
        indicator: event.data.indicator,
        decided: false,
      });
      return state;
    case 'AssessmentAppealDecided': {
      const appeal = state.appeals.get(event.data.appealId);
      if (appeal) appeal.decided = true;
      return state;
    }
    case 'AssessmentPublished':
      state.published.push(event.data);
      return state;
  }
}

/**
 * A decision on an appeal names an appeal that exists and is open; an upheld appeal is re-scored in the same
 * append (the record names the appeal). A notice is published only when no appeal is open.
 */
export function decideAppeal(
  state: AssessmentState,
  appealId: string,
  decision: 'upheld' | 'rejected',
  reason: string,
  rescore?: AssessmentScoreRecorded['data'],
): AssessmentEvent[] {
  const appeal = state.appeals.get(appealId);
  if (!appeal) throw new DomainError('APPEAL_NOT_FOUND', `no appeal ${appealId} in this assessment`);
  if (appeal.decided) throw new DomainError('APPEAL_DECIDED', `appeal ${appealId} is decided already`);
  if (decision === 'upheld' && !rescore)
    throw new DomainError(
      'RESCORE_REQUIRED',
      `an upheld appeal re-scores its line (${appeal.indicator} of ${appeal.unit}): give the new score`,
    );
  const decided: AssessmentEvent = { type: 'AssessmentAppealDecided', data: { appealId, decision, reason } };
  return decision === 'upheld'
    ? [
        decided,
        {
          type: 'AssessmentScoreRecorded',
          data: { ...rescore!, unit: appeal.unit, indicator: appeal.indicator, appealId },
        },
      ]
    : [decided];
}

export function assertPublishable(state: AssessmentState): void {
  const open = [...state.appeals].filter(([, a]) => !a.decided).map(([id]) => id);
  if (open.length) throw new DomainError('APPEALS_OPEN', `decide the open appeals first: ${open.join(', ')}`);
}
