import { z } from 'zod';
import type { FormDefinition } from '@statledger/domain';
import { aggregateKeyText, type Figure } from '@statledger/read-models';

export const AGGREGATES_TOPIC = 'statledger.aggregates.v1';

const decimalOrNull = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/)
  .nullable();

/**
 * One aggregate as upstream bureaus receive it. Everything in it is a function of the log up to
 * `provenance.lastPosition`, so a message re-sent after a crash is byte-for-byte the one sent before.
 */
export const aggregateMessageSchema = z
  .object({
    schema: z.literal(AGGREGATES_TOPIC),
    key: z
      .string()
      .regex(/^[a-z][a-z0-9_]*\|\d{12}\|\d{4}(-\d{2}|-Q\d)?$/)
      .describe('{form}|{unitCode}|{period}'),
    form: z.string().regex(/^[a-z][a-z0-9_]*$/),
    formVersion: z.string(),
    unitCode: z
      .string()
      .regex(/^\d{12}$/)
      .describe('12-digit statistical division code'),
    tier: z.enum(['city', 'district']),
    period: z
      .string()
      .regex(/^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/)
      .describe('YYYY-MM, YYYY-Qn or YYYY'),
    revision: z
      .number()
      .int()
      .min(0)
      .describe('counts the events that changed this aggregate, from 0; consumers keep the highest per key'),
    status: z
      .enum(['provisional', 'final', 'revised'])
      .describe(
        'provisional until every expected report is in and approved; revised once an approved figure was corrected',
      ),
    reports: z.object({
      received: z.number().int().min(0),
      expected: z.number().int().min(0),
      onTime: z.number().int().min(0),
    }),
    values: z.record(z.string(), decimalOrNull).describe('indicator code → exact decimal in the indicator unit'),
    derived: z.record(z.string(), decimalOrNull),
    provenance: z.object({
      lastPosition: z.string().describe('log position of the last event that changed the aggregate'),
    }),
  })
  .strict();
export type AggregateMessage = z.infer<typeof aggregateMessageSchema>;

export function aggregateMessage(
  form: FormDefinition,
  figure: Figure,
  revision: number,
  lastPosition: string,
): AggregateMessage {
  if (figure.tier !== 'city' && figure.tier !== 'district')
    throw new Error(`feeds carry city and district aggregates, not ${figure.tier}`);
  return {
    schema: AGGREGATES_TOPIC,
    key: aggregateKeyText({ form: form.code, unitCode: figure.unit, period: figure.period }),
    form: form.code,
    formVersion: form.version,
    unitCode: figure.unit,
    tier: figure.tier,
    period: figure.period,
    revision,
    status: figure.status,
    reports: { received: figure.received, expected: figure.expected, onTime: figure.onTime },
    values: figure.values,
    derived: figure.derived,
    provenance: { lastPosition },
  };
}
