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

const NONE: readonly string[] = [];

type Subject = { form: string; unitCode: UnitCode; period: string };

/** The report, or the second source's statement, an event is about; none for other events. */
function subjectOf(event: { stream: string; type: string; data: Record<string, unknown> }): Subject | null {
  const report = parseReportStreamName(event.stream);
  if (report) return report;
  const typed = event.type === 'SourceValuesReported' ? asDomainEvent(event) : undefined;
  return typed?.type === 'SourceValuesReported' ? typed.data : null;
}

const keysOf = (subject: Subject) =>
  feedUnitsOf(subject.unitCode).map((unitCode) =>
    aggregateKeyText({ form: subject.form, unitCode, period: subject.period }),
  );

/**
 * The aggregates an event can change, as key texts: any event of a report, or a second source's statement,
 * counts in the district and the city above its unit (or in the unit itself at those tiers). Other events change none.
 */
export function aggregateKeysOf(event: { stream: string; type: string; data: Record<string, unknown> }): string[] {
  const subject = subjectOf(event);
  return subject ? keysOf(subject) : [];
}

/**
 * `aggregateKeysOf` for a fold: the last answer is given again, the same array, while the form, the period and the
 * unit's first six digits stay the same (units with the same province, city and district groups share their district
 * and city). A log's reports come in such runs, an upload's of one form and period, unit after unit.
 */
export function createAggregateKeyMemo(): (event: {
  stream: string;
  type: string;
  data: Record<string, unknown>;
}) => readonly string[] {
  let last = { form: '', period: '', district: '', keys: [] as readonly string[] };
  return (event) => {
    const subject = subjectOf(event);
    if (!subject) return NONE;
    const { form, period, unitCode } = subject;
    if (form !== last.form || period !== last.period || !unitCode.startsWith(last.district))
      last = { form, period, district: unitCode.slice(0, 6), keys: keysOf(subject) };
    return last.keys;
  };
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
