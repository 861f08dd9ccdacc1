import { describe, expect, it } from 'vitest';
import { deciderSpecification } from '@statledger/testing';
import {
  IllegalReportTransitionError,
  InvalidReportError,
  NotParentUnitError,
  parseUnitCode,
  reportDecider,
  type ReportEvent,
} from '../src/index.ts';
import { shippedForm } from './forms.ts';

const sanitation = shippedForm('sanitation');
const spec = deciderSpecification(reportDecider, { form: sanitation });

const village = parseUnitCode('110101001001');
const township = parseUnitCode('110101001000');
const district = parseUnitCode('110101000000');
const values = {
  SAN_ROAD_AREA: '12.5',
  SAN_WASTE_COLLECTED: '310.2',
  SAN_WASTE_HARMLESS: '305',
  SAN_NIGHT_SOIL: '40',
  SAN_CONSTRUCTION_WASTE: '120',
  SAN_PUBLIC_TOILETS: '18',
  SAN_CLEANERS: '42',
};
const corrected = { ...values, SAN_WASTE_COLLECTED: '320.2' };

const submit = { type: 'SubmitReport' as const, form: 'sanitation', unitCode: village, period: '2025-03', values };
const submitted: ReportEvent = {
  type: 'ReportSubmitted',
  data: { form: 'sanitation', unitCode: village, period: '2025-03', values, source: { type: 'reporting_unit' } },
};
const returned: ReportEvent = { type: 'ReportReturned', data: { byUnit: township, comment: '清运量与台账不符' } };
const correctedEvent: ReportEvent = { type: 'ReportCorrected', data: { values: corrected, reason: '按台账更正' } };
const approved: ReportEvent = { type: 'ReportApproved', data: { byUnit: township } };
const reopened: ReportEvent = { type: 'ReportReopened', data: { byUnit: township, reason: '抽查发现差异' } };

describe('report lifecycle: submit', () => {
  it('records a first submission with the form default source', () => spec.given([]).when(submit).then([submitted]));

  it('stores values in key order, whatever order they came in', () =>
    spec
      .given([])
      .when({ ...submit, values: Object.fromEntries(Object.entries(values).reverse()) })
      .then([submitted]));

  it('builds the submission with every key in sorted order, as canonical JSON writes it (no sort when chained)', () => {
    const [event] = reportDecider.decide(
      { ...submit, values: Object.fromEntries(Object.entries(values).reverse()) },
      reportDecider.initialState(),
      { form: sanitation },
    );
    const data = event!.data as { values: Record<string, string> };
    expect(Object.keys(data)).toEqual(['form', 'period', 'source', 'unitCode', 'values']);
    expect(Object.keys(data.values)).toEqual([
      'SAN_CLEANERS',
      'SAN_CONSTRUCTION_WASTE',
      'SAN_NIGHT_SOIL',
      'SAN_PUBLIC_TOILETS',
      'SAN_ROAD_AREA',
      'SAN_WASTE_COLLECTED',
      'SAN_WASTE_HARMLESS',
    ]);
  });

  it('refuses a second submission: a change is a correction with a reason', () =>
    spec
      .given([submitted])
      .when(submit)
      .thenThrows(IllegalReportTransitionError, /correction/));

  it('refuses an indicator the form does not have', () =>
    spec
      .given([])
      .when({ ...submit, values: { ...values, SAN_SNOW: '1' } })
      .thenThrows(InvalidReportError, /SAN_SNOW is not an indicator of form sanitation/));

  it('refuses a derived indicator: statledger computes it from sums', () =>
    spec
      .given([])
      .when({ ...submit, values: { ...values, SAN_HARMLESS_RATE: '98' } })
      .thenThrows(InvalidReportError, /derived/));

  it('refuses a report missing a required indicator, naming it', () => {
    const { SAN_CLEANERS: _dropped, ...incomplete } = values;
    spec
      .given([])
      .when({ ...submit, values: incomplete })
      .thenThrows(InvalidReportError, /missing required indicators: SAN_CLEANERS/);
  });

  it('refuses a period of the wrong type for the form', () =>
    spec
      .given([])
      .when({ ...submit, period: '2025-Q1' })
      .thenThrows(InvalidReportError, /per month; '2025-Q1' is a quarter/));

  it('refuses a unit of a tier that does not report the form', () =>
    spec
      .given([])
      .when({ ...submit, unitCode: district })
      .thenThrows(InvalidReportError, /reported by village and subdistrict units; 110101000000 is a district/));
});

describe('report lifecycle: return, correct, approve, reopen', () => {
  it('lets the parent unit return a submitted report with a comment', () =>
    spec
      .given([submitted])
      .when({ type: 'ReturnReport', byUnit: township, comment: '清运量与台账不符' })
      .then([returned]));

  it('lets no unit but the parent return or approve it', () => {
    spec
      .given([submitted])
      .when({ type: 'ReturnReport', byUnit: district, comment: 'x' })
      .thenThrows(NotParentUnitError, /only the parent unit 110101001000/);
    spec.given([submitted]).when({ type: 'ApproveReport', byUnit: village }).thenThrows(NotParentUnitError);
  });

  it('takes a correction after a return', () =>
    spec
      .given([submitted, returned])
      .when({ type: 'CorrectReport', values: corrected, reason: '按台账更正' })
      .then([correctedEvent]));

  it('keeps the reference to the audit finding that caused a correction', () =>
    spec
      .given([submitted])
      .when({ type: 'CorrectReport', values: corrected, reason: '抽查更正', findingRef: 'finding-7' })
      .then([{ type: 'ReportCorrected', data: { values: corrected, reason: '抽查更正', findingRef: 'finding-7' } }]));

  it('will not approve a returned report until it is corrected', () =>
    spec
      .given([submitted, returned])
      .when({ type: 'ApproveReport', byUnit: township })
      .thenThrows(IllegalReportTransitionError, /awaits a correction/));

  it('approves a corrected report', () =>
    spec
      .given([submitted, returned, correctedEvent])
      .when({ type: 'ApproveReport', byUnit: township })
      .then([approved]));

  it('refuses a correction after approval until the report is reopened', () =>
    spec
      .given([submitted, approved])
      .when({ type: 'CorrectReport', values: corrected, reason: 'late fix' })
      .thenThrows(IllegalReportTransitionError, /reopen it first/));

  it('reopens an approved report, then takes a correction and a new approval', () => {
    spec
      .given([submitted, approved])
      .when({ type: 'ReopenReport', byUnit: township, reason: '抽查发现差异' })
      .then([reopened]);
    spec
      .given([submitted, approved, reopened])
      .when({ type: 'CorrectReport', values: corrected, reason: '按台账更正' })
      .then([correctedEvent]);
    spec
      .given([submitted, approved, reopened, correctedEvent])
      .when({ type: 'ApproveReport', byUnit: township })
      .then([approved]);
  });

  it('refuses to reopen a report that is not approved, or to approve one twice', () => {
    spec
      .given([submitted])
      .when({ type: 'ReopenReport', byUnit: township, reason: 'x' })
      .thenThrows(IllegalReportTransitionError);
    spec
      .given([submitted, approved])
      .when({ type: 'ApproveReport', byUnit: township })
      .thenThrows(IllegalReportTransitionError, /approved/);
  });

  it('refuses anything but a submission on a report that does not exist', () =>
    spec
      .given([])
      .when({ type: 'CorrectReport', values, reason: 'x' })
      .thenThrows(IllegalReportTransitionError, /submit the report first/));
});

describe('periods that make sense', () => {
  const at = (instant: string) => deciderSpecification(reportDecider, { form: sanitation, now: new Date(instant) });

  it('refuses a period before the form started: 1999-12 is a typo, not a report', () =>
    spec
      .given([])
      .when({ ...submit, period: '1999-12' })
      .thenThrows(InvalidReportError, /reported from 2020-01; 1999-12 is before it/));

  it('refuses a month that has not ended yet (Asia/Shanghai), and takes it from the first day after', () => {
    at('2025-03-31T23:59:59+08:00')
      .given([])
      .when(submit)
      .thenThrows(InvalidReportError, /2025-03 has not ended yet: it is reported from 2025-04-01/);
    at('2025-04-01T00:00:00+08:00').given([]).when(submit).then([submitted]);
  });
});

describe('values that make sense', () => {
  it('refuses a value beyond what any unit reports (a slip of unit or digits) with its path', () =>
    spec
      .given([])
      .when({ ...submit, values: { ...values, SAN_WASTE_COLLECTED: '99999999999999999999999.5' } })
      .thenThrows(
        InvalidReportError,
        /SAN_WASTE_COLLECTED = 99999999999999999999999\.5 t is beyond what any unit reports \(1000000000\)/,
      ));

  it('takes a correction of some indicators and keeps the others', () =>
    spec
      .given([submitted])
      .when({ type: 'CorrectReport', values: { SAN_WASTE_COLLECTED: '320.2' }, reason: '按台账更正' })
      .then([correctedEvent]));
});
