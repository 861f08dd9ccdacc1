import { z } from 'zod';
import { assessmentEventSchema } from './assessment-events.ts';
import { auditEventSchema } from './audit-events.ts';
import { deadlinePassedSchema, reportOverdueSchema } from './deadline-events.ts';
import { followUpEventSchema } from './followup-events.ts';
import { qualityEventSchema } from './quality-events.ts';
import { reportEventSchema } from './report-events.ts';
import { sourceValuesReportedSchema } from './source-events.ts';
import { targetRevisedSchema, targetSetSchema } from './target-events.ts';
import { unitEventSchema } from './unit-events.ts';

/** Every event statledger writes to its log, by type. */
export const domainEventSchema = z.discriminatedUnion('type', [
  ...unitEventSchema.options,
  ...reportEventSchema.options,
  sourceValuesReportedSchema,
  reportOverdueSchema,
  deadlinePassedSchema,
  targetSetSchema,
  targetRevisedSchema,
  ...qualityEventSchema.options,
  ...followUpEventSchema.options,
  ...auditEventSchema.options,
  ...assessmentEventSchema.options,
]);
export type DomainEvent = z.infer<typeof domainEventSchema>;
export type DomainEventType = DomainEvent['type'];
export type DomainEventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;

export const DOMAIN_EVENT_TYPES: ReadonlySet<string> = new Set(
  domainEventSchema.options.map((o) => o.shape.type.value),
);

/** A recorded event (any envelope: position, stream, metadata) whose data is typed by its type, of `T` if given. */
export type TypedEvent<E extends { type: string; data: unknown }, T extends DomainEventType = DomainEventType> = Omit<
  E,
  'type' | 'data'
> &
  DomainEventOf<T>;

/**
 * A recorded event with its data typed by its type, or undefined for a type statledger does not write. Events
 * were validated by their deciders before the store took them, so reading them back narrows without parsing
 * (a fold of the national log would otherwise parse millions of payloads); the test that parses a whole demo
 * log against `domainEventSchema` keeps this honest.
 */
export function asDomainEvent<E extends { type: string; data: unknown }>(event: E): TypedEvent<E> | undefined {
  return DOMAIN_EVENT_TYPES.has(event.type) ? (event as unknown as TypedEvent<E>) : undefined;
}
