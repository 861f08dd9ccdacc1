import {
  deadlineFor,
  deadlineStreamName,
  formatPeriod,
  overdueStreamName,
  parsePeriod,
  shiftPeriod,
  tierOf,
  type FormCatalogue,
  type FormDefinition,
  type UnitCode,
} from '@statledger/domain';
import { uuidFromName, type AppendRequest, type EventStore, type JsonObject } from '@statledger/event-store';

export interface SweepResult {
  closed: { form: string; period: string; overdue: number }[];
}

/**
 * For every period whose deadline has passed: a `ReportOverdue` for each expected unit with no report, then
 * `DeadlinePassed` for the form and period. Both go to streams that must not exist yet, with ids derived
 * from their names, so a sweep repeated or interrupted and restarted writes each of them once.
 */
export async function sweepDeadlines(options: { store: EventStore; catalogue: FormCatalogue; now: Date; metadata?: JsonObject }): Promise<SweepResult> {
  const { store, catalogue, now } = options;
  const units = new Set<UnitCode>();
  const submitted = new Set<string>();
  const closed = new Set<string>();
  const firstPeriod = new Map<string, string>();
  let from: string | undefined;
  for (;;) {
    const page = await store.readAll({ ...(from ? { from } : {}), maxCount: 10_000, filter: { eventTypes: ['UnitRegistered', 'ReportSubmitted', 'DeadlinePassed'] } });
    for (const e of page) {
      const data = e.data as Record<string, string>;
      if (e.type === 'UnitRegistered') units.add(data.code as UnitCode);
      else if (e.type === 'DeadlinePassed') closed.add(`${data.form}|${data.period}`);
      else {
        submitted.add(`${data.form}|${data.unitCode}|${data.period}`);
        const known = firstPeriod.get(data.form!);
        if (!known || data.period! < known) firstPeriod.set(data.form!, data.period!);
      }
    }
    if (page.length < 10_000) break;
    from = page.at(-1)!.position;
  }

  const metadata: JsonObject = options.metadata ?? { principal: 'system:deadline-sweeper', channel: 'system', correlationId: `sweep-${now.toISOString()}` };
  const result: SweepResult = { closed: [] };
  for (const [code, first] of firstPeriod) {
    const form = catalogue.get(code);
    const expected = [...units].filter((u) => (form.reportingTiers as string[]).includes(tierOf(u))).sort();
    for (let period = parsePeriod(first); ; period = shiftPeriod(period, 1)) {
      const label = formatPeriod(period);
      const deadline = latestDeadline(form, label);
      if (Date.parse(deadline) >= now.getTime()) break;
      if (closed.has(`${code}|${label}`)) continue;
      const overdue: AppendRequest[] = expected
        .filter((unitCode) => !submitted.has(`${code}|${unitCode}|${label}`))
        .map((unitCode) => {
          const key = { form: code, unitCode, period: label };
          const stream = overdueStreamName(key);
          return { stream, expectedRevision: 'no_stream' as const, events: [{ id: uuidFromName(stream), type: 'ReportOverdue', data: { ...key, deadline: deadlineFor(form.deadline, unitCode, period) }, metadata }] };
        });
      for (let i = 0; i < overdue.length; i += 1_000) await store.appendToStreams(overdue.slice(i, i + 1_000));
      const stream = deadlineStreamName(code, label);
      await store.appendToStream(stream, [{ id: uuidFromName(stream), type: 'DeadlinePassed', data: { form: code, period: label, deadline }, metadata }], { expectedRevision: 'no_stream' });
      result.closed.push({ form: code, period: label, overdue: overdue.length });
    }
  }
  return result;
}

/** The latest deadline of any city for the period: the period is closed once every city's deadline is past. */
function latestDeadline(form: FormDefinition, period: string): string {
  const days = Math.max(form.deadline.daysAfterPeriodEnd, ...Object.values(form.deadline.cityOverrides));
  return deadlineFor({ daysAfterPeriodEnd: days, cityOverrides: {} }, '110000000000' as UnitCode, parsePeriod(period));
}
