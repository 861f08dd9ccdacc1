import {
  deadlineFor,
  deadlineStreamName,
  formatPeriod,
  isReportingUnit,
  overdueStreamName,
  parsePeriod,
  shiftPeriod,
  type FormCatalogue,
  type FormDefinition,
  type UnitCode,
  asDomainEvent,
} from '@statledger/domain';
import {
  readAllPages,
  uuidFromName,
  type AppendRequest,
  type EventStore,
  type JsonObject,
} from '@statledger/event-store';

/** What the sweeper needs to know of the log. */
export interface SweepState {
  /** Registered units and when they were registered: a unit is expected only for periods due after that. */
  units: Map<UnitCode, string>;
  /** `form|unitCode|period` of every submitted report. */
  submitted: Set<string>;
  /** `form|period` already closed. */
  closed: Set<string>;
  /** Earliest period reported per form: sweeping starts there. */
  firstPeriod: Map<string, string>;
}

export const SWEEP_EVENT_TYPES = ['UnitRegistered', 'ReportSubmitted', 'DeadlinePassed'];

export function emptySweepState(): SweepState {
  return { units: new Map(), submitted: new Set(), closed: new Set(), firstPeriod: new Map() };
}

export function foldSweepState(
  state: SweepState,
  recorded: { type: string; data: unknown; recordedAt?: string },
): SweepState {
  const event = asDomainEvent(recorded);
  if (event?.type === 'UnitRegistered') state.units.set(event.data.code, event.recordedAt ?? '');
  else if (event?.type === 'DeadlinePassed') state.closed.add(`${event.data.form}|${event.data.period}`);
  else if (event?.type === 'ReportSubmitted') {
    const { form, unitCode, period } = event.data;
    state.submitted.add(`${form}|${unitCode}|${period}`);
    const known = state.firstPeriod.get(form);
    if (!known || period < known) state.firstPeriod.set(form, period);
  }
  return state;
}

export interface ClosedPeriod {
  form: string;
  period: string;
  deadline: string;
  /** ReportOverdue appends (one stream each), then the one DeadlinePassed. */
  overdue: AppendRequest[];
  closing: AppendRequest;
}

/**
 * Every period whose deadline (the latest of any city) is before `now` and not yet closed, from the earliest
 * reported period but never before the form's start: a `ReportOverdue` for each expected unit with no report,
 * then `DeadlinePassed`. A unit is expected only for periods due after it was registered: a report of an old
 * period, or a registry imported today, closes the periods between without a flood of overdue reports. Pure;
 * streams must not exist yet and ids come from their names, so a sweep repeated, or interrupted and restarted,
 * writes each event once.
 */
export function planSweep(
  state: SweepState,
  catalogue: FormCatalogue,
  now: Date,
  metadata: JsonObject,
): ClosedPeriod[] {
  const plan: ClosedPeriod[] = [];
  for (const [code, first] of state.firstPeriod) {
    const form = catalogue.get(code);
    const reporting = [...state.units].filter(([u]) => isReportingUnit(form, u)).sort(([a], [b]) => (a < b ? -1 : 1));
    const start = first < form.effectiveFrom ? form.effectiveFrom : first;
    for (let period = parsePeriod(start); ; period = shiftPeriod(period, 1)) {
      const label = formatPeriod(period);
      const deadline = latestDeadline(form, label);
      if (Date.parse(deadline) >= now.getTime()) break;
      if (state.closed.has(`${code}|${label}`)) continue;
      const overdue = reporting
        .filter(
          ([unitCode, registeredAt]) => registeredAt < deadline && !state.submitted.has(`${code}|${unitCode}|${label}`),
        )
        .map(([unitCode]) => unitCode)
        .map((unitCode) => {
          const key = { form: code, unitCode, period: label };
          const stream = overdueStreamName(key);
          return {
            stream,
            expectedRevision: 'no_stream' as const,
            events: [
              {
                id: uuidFromName(stream),
                type: 'ReportOverdue',
                data: { ...key, deadline: deadlineFor(form.deadline, unitCode, period) },
                metadata,
              },
            ],
          };
        });
      const stream = deadlineStreamName(code, label);
      const closing = {
        stream,
        expectedRevision: 'no_stream' as const,
        events: [
          { id: uuidFromName(stream), type: 'DeadlinePassed', data: { form: code, period: label, deadline }, metadata },
        ],
      };
      plan.push({ form: code, period: label, deadline, overdue, closing });
    }
  }
  return plan.sort((a, b) => a.deadline.localeCompare(b.deadline));
}

/** Appends a planned closing: overdue reports first, so checks that run on DeadlinePassed see them. */
export async function appendClosing(store: EventStore, closing: ClosedPeriod, state?: SweepState): Promise<void> {
  for (let i = 0; i < closing.overdue.length; i += 1_000)
    await store.appendToStreams(closing.overdue.slice(i, i + 1_000));
  await store.appendToStreams([closing.closing]);
  state?.closed.add(`${closing.form}|${closing.period}`);
}

/** The sweep as a service runs it: reads what it needs from the log, closes what the clock says is past. */
export async function sweepDeadlines(options: {
  store: EventStore;
  catalogue: FormCatalogue;
  now: Date;
}): Promise<{ closed: { form: string; period: string; overdue: number }[] }> {
  const state = emptySweepState();
  for await (const page of readAllPages(options.store, { filter: { eventTypes: SWEEP_EVENT_TYPES } }))
    for (const e of page) foldSweepState(state, e);
  const metadata = {
    principal: 'system:deadline-sweeper',
    channel: 'system',
    correlationId: `sweep-${options.now.toISOString()}`,
  };
  const plan = planSweep(state, options.catalogue, options.now, metadata);
  for (const closing of plan) await appendClosing(options.store, closing, state);
  return { closed: plan.map((c) => ({ form: c.form, period: c.period, overdue: c.overdue.length })) };
}

const latestDeadlines = new Map<string, string>();

/** The latest deadline of any city for the period: the period is closed once every city's deadline is past. */
function latestDeadline(form: FormDefinition, period: string): string {
  const memo = `${form.code}@${form.version}|${period}`;
  let deadline = latestDeadlines.get(memo);
  if (deadline === undefined) {
    const days = Math.max(form.deadline.daysAfterPeriodEnd, ...Object.values(form.deadline.cityOverrides));
    deadline = deadlineFor(
      { daysAfterPeriodEnd: days, cityOverrides: {} },
      '110000000000' as UnitCode,
      parsePeriod(period),
    );
    latestDeadlines.set(memo, deadline);
  }
  return deadline;
}
