import type { FormDefinition } from './form.ts';
import { isReportingUnit, reportedIndicators } from './form.ts';
import type { UnitCode } from './unit-code.ts';
import { parentOf, tierOf } from './unit-code.ts';
import { comparePeriods, parsePeriod, periodStart, shiftPeriod } from './period.ts';
import { Decimal } from './decimal.ts';
import { IllegalReportTransitionError, InvalidReportError, NotParentUnitError } from './errors.ts';
import type { IndicatorValues, ReportEvent, Source } from './report-events.ts';

export type ReportCommand =
  | { type: 'SubmitReport'; form: string; unitCode: UnitCode; period: string; values: IndicatorValues; source?: Source }
  | { type: 'CorrectReport'; values: IndicatorValues; reason: string; findingRef?: string }
  | { type: 'ReturnReport'; byUnit: UnitCode; comment: string }
  | { type: 'ApproveReport'; byUnit: UnitCode }
  | { type: 'ReopenReport'; byUnit: UnitCode; reason: string };

export type ReportStatus = 'absent' | 'submitted' | 'returned' | 'approved' | 'reopened';

export type ReportState =
  | { status: 'absent' }
  | {
      status: Exclude<ReportStatus, 'absent'>;
      form: string;
      unitCode: UnitCode;
      period: string;
      values: IndicatorValues;
      corrections: number;
    };

/** The context a decision needs besides state: the form the report belongs to, and the time it is decided at. */
export interface ReportContext {
  form: FormDefinition;
  /** The decision's clock, given (the domain reads none): a period that has not ended yet cannot be reported. */
  now?: Date;
}

/** The status of a report that was submitted: it never goes back to absent. */
export type FiledReportStatus = Exclude<ReportStatus, 'absent'>;

export function initialReportState(): ReportState {
  return { status: 'absent' };
}

/**
 * Where a report's status goes on each of its events: the one place that says it, for the decider's state and for
 * the read side's views, which keep the status without the values.
 */
export function reportStatusAfter(status: FiledReportStatus, type: ReportEvent['type']): FiledReportStatus;
export function reportStatusAfter(status: ReportStatus, type: ReportEvent['type']): ReportStatus;
export function reportStatusAfter(status: ReportStatus, type: ReportEvent['type']): ReportStatus {
  if (type === 'ReportSubmitted') return 'submitted';
  if (status === 'absent') return status;
  switch (type) {
    case 'ReportCorrected':
      return status === 'reopened' ? 'reopened' : 'submitted';
    case 'ReportReturned':
      return 'returned';
    case 'ReportApproved':
      return 'approved';
    case 'ReportReopened':
      return 'reopened';
  }
}

export function evolveReport(state: ReportState, event: ReportEvent): ReportState {
  const status = reportStatusAfter(state.status, event.type);
  if (event.type === 'ReportSubmitted')
    return { status: 'submitted', ...pick(event.data), values: event.data.values, corrections: 0 };
  if (state.status === 'absent' || status === 'absent') return state;
  if (event.type === 'ReportCorrected')
    return { ...state, status, values: event.data.values, corrections: state.corrections + 1 };
  return { ...state, status };
}

export function decideReport(command: ReportCommand, state: ReportState, { form, now }: ReportContext): ReportEvent[] {
  if (command.type === 'SubmitReport') {
    if (state.status !== 'absent') {
      throw new IllegalReportTransitionError(
        'submit',
        state.status,
        'the report exists already; send a correction with a reason instead',
      );
    }
    checkSubmission(command, form, now);
    const values = checkValues(command.values, form);
    return [
      {
        type: 'ReportSubmitted',
        // In key order, as canonical JSON writes it: the chain then serialises it as it is, without a sort.
        data: {
          form: command.form,
          period: command.period,
          source: command.source ?? { type: form.defaultSource },
          unitCode: command.unitCode,
          values,
        },
      },
    ];
  }
  if (state.status === 'absent') {
    throw new IllegalReportTransitionError(verbOf(command), 'not submitted', 'submit the report first');
  }
  switch (command.type) {
    case 'CorrectReport': {
      if (state.status === 'approved') {
        throw new IllegalReportTransitionError('correct', 'approved', 'ask the approving unit to reopen it first');
      }
      // A correction names the indicators it changes; the others keep their values. The event holds them all.
      const values = checkValues({ ...state.values, ...command.values }, form);
      return [
        {
          type: 'ReportCorrected',
          data: { values, reason: command.reason, ...(command.findingRef ? { findingRef: command.findingRef } : {}) },
        },
      ];
    }
    case 'ReturnReport':
      checkParent(command.byUnit, state.unitCode, 'return');
      if (state.status === 'returned' || state.status === 'approved') {
        throw new IllegalReportTransitionError(
          'return',
          state.status,
          state.status === 'returned' ? 'it awaits a correction from the reporting unit' : 'reopen it first',
        );
      }
      return [{ type: 'ReportReturned', data: { byUnit: command.byUnit, comment: command.comment } }];
    case 'ApproveReport':
      checkParent(command.byUnit, state.unitCode, 'approve');
      if (state.status === 'approved' || state.status === 'returned') {
        throw new IllegalReportTransitionError(
          'approve',
          state.status,
          state.status === 'approved' ? 'nothing to do' : 'it awaits a correction from the reporting unit',
        );
      }
      return [{ type: 'ReportApproved', data: { byUnit: command.byUnit } }];
    case 'ReopenReport':
      checkParent(command.byUnit, state.unitCode, 'reopen');
      if (state.status !== 'approved') {
        throw new IllegalReportTransitionError(
          'reopen',
          state.status,
          'only an approved report is reopened; it can be corrected as it is',
        );
      }
      return [{ type: 'ReportReopened', data: { byUnit: command.byUnit, reason: command.reason } }];
  }
}

function checkSubmission(
  command: Extract<ReportCommand, { type: 'SubmitReport' }>,
  form: FormDefinition,
  now: Date | undefined,
): void {
  if (command.form !== form.code)
    throw new InvalidReportError(`the command is for form ${command.form} but was decided against form ${form.code}`, [
      'form',
    ]);
  const period = parsePeriod(command.period);
  if (period.type !== form.periodType) {
    throw new InvalidReportError(
      `form ${form.code} is reported per ${form.periodType}; '${command.period}' is a ${period.type}`,
      ['period'],
    );
  }
  if (comparePeriods(period, parsePeriod(form.effectiveFrom)) < 0) {
    throw new InvalidReportError(
      `form ${form.code} is reported from ${form.effectiveFrom}; ${command.period} is before it (a typo in the year?)`,
      ['period'],
    );
  }
  const ends = periodStart(shiftPeriod(period, 1));
  if (now && now.getTime() < ends.toMillis()) {
    throw new InvalidReportError(
      `${command.period} has not ended yet: it is reported from ${ends.toISODate()} (Asia/Shanghai) on`,
      ['period'],
    );
  }
  if (!isReportingUnit(form, command.unitCode)) {
    throw new InvalidReportError(
      `form ${form.code} is reported by ${form.reportingTiers.join(' and ')} units; ${command.unitCode} is a ${tierOf(command.unitCode)}`,
      ['unitCode'],
    );
  }
}

/** Structural checks only; plausibility (≤ relations, outliers…) is the quality engine's job, so data is kept and flagged. */
function checkValues(values: IndicatorValues, form: FormDefinition): IndicatorValues {
  const indicators = reportedIndicators(form);
  const known = new Set(indicators.map((i) => i.code));
  for (const code of Object.keys(values)) {
    if (!known.has(code)) {
      const derived = form.indicators.some((i) => i.code === code);
      throw new InvalidReportError(
        derived
          ? `${code} is derived by statledger from other indicators; do not report it`
          : `${code} is not an indicator of form ${form.code} ${form.version}`,
        ['values', code],
      );
    }
  }
  for (const indicator of indicators) {
    const value = values[indicator.code];
    if (value === undefined || indicator.limit === undefined || !beyond(value, indicator.limit)) continue;
    throw new InvalidReportError(
      `${indicator.code} = ${value} ${indicator.unit} is beyond what any unit reports (${indicator.limit}); check the unit of measure (${indicator.unit}) and the digits`,
      ['values', indicator.code],
    );
  }
  const missing = indicators.filter((i) => !i.optional && values[i.code] === undefined).map((i) => i.code);
  if (missing.length > 0)
    throw new InvalidReportError(`missing required indicators: ${missing.join(', ')}`, ['values', missing[0]!]);
  // Keys in sorted order, canonical JSON's: identical reports serialise identically, and without a sort.
  return Object.fromEntries(
    indicators
      .map((i) => i.code)
      .filter((code) => values[code] !== undefined)
      .sort()
      .map((code) => [code, values[code]!]),
  );
}

/** |value| > limit, in decimals. */
const beyond = (value: string, limit: string) => new Decimal(value).abs().gt(limit);

function checkParent(actor: UnitCode, unit: UnitCode, verb: string): void {
  if (parentOf(unit) !== actor) {
    throw new NotParentUnitError(
      `only the parent unit ${parentOf(unit)} may ${verb} the report of ${unit}; ${actor} is not it`,
    );
  }
}

function verbOf(command: ReportCommand): string {
  return {
    SubmitReport: 'submit',
    CorrectReport: 'correct',
    ReturnReport: 'return',
    ApproveReport: 'approve',
    ReopenReport: 'reopen',
  }[command.type];
}

function pick(data: { form: string; unitCode: UnitCode; period: string }) {
  return { form: data.form, unitCode: data.unitCode, period: data.period };
}

export const reportDecider = { decide: decideReport, evolve: evolveReport, initialState: initialReportState };
