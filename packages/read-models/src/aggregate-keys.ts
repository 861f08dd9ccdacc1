import { ancestorsOf, tierOf, type UnitCode } from '@statledger/domain';

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

const REPORT_OR_SOURCE = /^(?:report|source)-([a-z][a-z0-9_]*)-(\d{12})-(\d{4}(?:-\d{2}|-Q\d)?)(?:-|$)/;

/**
 * The aggregates an event can change: a report's or a second source's figures count in the district and the
 * city above the unit (or in the unit itself at those tiers). Other events change none.
 */
export function aggregateKeysOf(stream: string): AggregateKey[] {
  const match = REPORT_OR_SOURCE.exec(stream);
  if (!match) return [];
  const unit = match[2] as UnitCode;
  return [unit, ...ancestorsOf(unit)]
    .filter((u) => (FEED_TIERS as readonly string[]).includes(tierOf(u)))
    .map((unitCode) => ({ form: match[1]!, unitCode, period: match[3]! }));
}
