import { ancestorsOf, asDomainEvent, parentOf, parseReportStreamName, tierOf, type UnitCode } from '@statledger/domain';

/** The aggregates upstream bureaus receive: one per form, district-or-city unit and period. */
export interface AggregateKey {
  form: string;
  unitCode: UnitCode;
  period: string;
}

export const FEED_TIERS = ['city', 'district'] as const;

/** `{form}|{unitCode}|{period}`, the Kafka message key. */
export const aggregateKeyText = (key: AggregateKey) => `${key.form}|${key.unitCode}|${key.period}`;

export function parseAggregateKey(text: string): AggregateKey {
  const [form, unitCode, period] = text.split('|');
  return { form: form!, unitCode: unitCode as UnitCode, period: period! };
}

/**
 * The aggregates an event can change, as key texts: any event of a report, or a second source's statement,
 * counts in the district and the city above its unit (or in the unit itself at those tiers). Other events change none.
 */
export function aggregateKeysOf(event: { stream: string; type: string; data: Record<string, unknown> }): string[] {
  const typed = asDomainEvent(event);
  const subject = parseReportStreamName(event.stream) ?? (typed?.type === 'SourceValuesReported' ? typed.data : null);
  if (!subject) return [];
  return feedUnitsOf(subject.unitCode).map((unitCode) =>
    aggregateKeyText({ form: subject.form, unitCode, period: subject.period }),
  );
}

// Remembered for units above the village tier only (a village's are its parent's): a few thousand per city.
const feedUnits = new Map<UnitCode, UnitCode[]>();

/** The unit and its ancestors at the feed tiers, nearest first. */
function feedUnitsOf(unit: UnitCode): UnitCode[] {
  if (tierOf(unit) === 'village') return feedUnitsOf(parentOf(unit)!);
  let units = feedUnits.get(unit);
  if (!units)
    feedUnits.set(
      unit,
      (units = [unit, ...ancestorsOf(unit)].filter((u) => (FEED_TIERS as readonly string[]).includes(tierOf(u)))),
    );
  return units;
}
