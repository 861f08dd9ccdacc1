import type zh from './zh-CN.ts';

/** English, the console's second language: the same keys as zh-CN. */
export default {
  app: { title: 'Statistics workbench', subtitle: 'Timely · accurate · one authoritative source', language: '中文', signOut: 'Sign out', loading: 'Loading…', noData: 'No data' },
  roles: { reporter: 'Reporter', approver: 'Approver', auditor: 'Quality auditor', bureau: 'Statistics bureau', admin: 'Administrator' },
  menu: { reports: 'Reporting', approvals: 'Approval', quality: 'Data quality', history: 'Report history', audits: 'Spot checks', statistics: 'Statistics', assessments: 'Assessments', findings: 'Follow-up' },
  signIn: {
    title: 'Sign in to the statistics workbench',
    token: 'Access token',
    tokenHelp: 'Paste the token your administrator gave you. It is used to sign in only and is not kept in the browser.',
    submit: 'Sign in',
    failed: 'Sign-in failed: {message}',
  },
  common: {
    form: 'Form', period: 'Period', unit: 'Unit', units: 'Units', status: 'Status', actions: 'Actions', reason: 'Reason', comment: 'Comment',
    code: 'Code', name: 'Name', value: 'Value', search: 'Show', cancel: 'Cancel', confirm: 'Confirm', save: 'Submit', refresh: 'Refresh',
    download: 'Download', details: 'Details', severity: 'Severity', count: 'Count', revision: 'Revision', deadline: 'Deadline', total: 'Total',
    indicator: 'Indicator', findings: 'Findings', openFindings: 'Open findings', yes: 'Yes', no: 'No', back: 'Back', error: 'Error',
  },
  status: {
    due: 'Due', overdue: 'Overdue', submitted: 'Submitted', returned: 'Returned', approved: 'Approved', reopened: 'Reopened',
    provisional: 'Provisional', final: 'Final', revised: 'Revised',
  },
  severity: { error: 'Error', warning: 'Warning', info: 'Info' },
  periodTypes: { month: 'Monthly', quarter: 'Quarterly', year: 'Yearly' },
  reports: {
    title: 'My reports', fill: 'Fill in', correct: 'Correct', history: 'History', upload: 'Upload CSV', uploadHelp: 'Long or wide layout, one unit and period per row (see the README).',
    uploaded: '{appended} imported, {already} imported before, {rejected} refused', rowErrors: 'Errors by line', line: 'Line', report: 'Report',
    returnedWith: 'Returned: {comment}', summary: '{total} units: {submitted} submitted, {approved} approved, {returned} returned, {due} due, {overdue} overdue',
  },
  entry: {
    newTitle: 'Fill in {form}', correctTitle: 'Correct {form}', unitPeriod: '{unit} · {period}', reason: 'Reason for the correction', reasonHelp: 'Why the values change, e.g. corrected weighbridge slip',
    required: 'Required', notNumber: 'Enter a number, e.g. 186.4', notInteger: 'Enter a whole number', negative: 'Cannot be negative', beyondLimit: 'Above the limit {limit}: check the unit and the digits',
    implausible: 'Outside the usual range for this tier ({range}); it will be flagged for checking', rule: 'Rule: {description}', saved: 'Submitted, revision {revision}', unchanged: 'No value was changed',
    computed: 'Computed', returnedComment: "The approver's comment", serverRefused: 'Refused by the server: {message}',
  },
  approvals: {
    title: 'Reports waiting for approval', approve: 'Approve', approveSelected: 'Approve selected ({count})', return: 'Return', returnTitle: 'Return the report of {unit}', commentHelp: 'Tell the reporter what to check or correct',
    changes: 'Changes since the {baseline}', baselineApproved: 'last approval', baselineSubmitted: 'first submission', noChanges: 'No change since the {baseline}',
    before: 'Before', now: 'Now', changed: 'Changed', approved: 'Approved', returned: 'Returned', waiting: '{count} waiting', corrections: '{count} correction(s)',
  },
  quality: {
    title: 'Data quality', completeness: 'Completeness', timeliness: 'Timeliness', received: 'Received', expected: 'Expected', onTime: 'On time',
    byChild: 'Completeness and timeliness by unit', findingsByCode: 'Open findings by code and severity', flagged: 'Reports with an error-level finding', digits: 'First digits in {district} ({window})',
    observed: 'Observed', benford: "Benford's law", heaping: 'Share ending in 0 or 5: {share} (20 % expected, {n} values)', notEnough: 'Fewer than 50 values: the screen does not judge',
    conformity: 'Conformity: {conformity}, MAD {mad}', evidence: 'Evidence', formula: 'Formula', digitScreens: 'District fabrication screens',
    conformities: { close_conformity: 'close conformity', acceptable_conformity: 'acceptable conformity', marginal_conformity: 'marginal conformity', nonconformity: 'nonconformity' },
  },
  history: {
    title: 'Report history', reportId: 'Report id', placeholder: 'e.g. report-sanitation-110101001001-2025-03', load: 'Show', who: 'By', channel: 'Channel', when: 'When',
    position: 'Log position', integrity: 'Integrity',
    verified: 'Integrity: hash chain verified over {checked} events, up to log position {position}', broken: 'Integrity: the hash chain breaks at log position {position}; run statledger verify and restore from a backup', asOf: 'Statistics as of a day', asOfDay: 'As of', source: { report: 'Report', quality: 'Quality', followup: 'Follow-up', audit: 'Spot check' },
  },
  audits: {
    title: 'Spot checks', plan: 'Plan a spot check', method: 'Method', design: 'Design', size: 'Sample size', seed: 'Seed', covert: 'Covert', overt: 'Announced',
    subtree: 'Units checked', create: 'Draw the sample', calculation: 'Sample size calculation', sample: 'Sample', register: 'Register', recount: 'Record a recount',
    recounted: 'Recounted value', inspector: 'Inspector', inspectedAt: 'Inspected at', evidence: 'Evidence files', evidenceHelp: 'Only their SHA-256 is computed, in the browser; files are not uploaded', note: 'Note',
    vf: 'Verification factor (VF)', share: 'Share outside tolerance', close: 'Close the plan', summary: 'Summary', plans: 'Plans', created: 'Plan {id} drawn', recorded: 'Recount recorded',
    methods: { srs: 'Simple random sampling', stratified: 'Stratified sampling', pps: 'Probability proportional to size', lqas: 'Lot quality assurance sampling' },
  },
  statistics: {
    title: 'Statistics', figures: 'Figures by tier', trend: '{indicator} over time', comparison: 'Units compared: {indicator}', completeness: 'Completeness',
    downloadCsv: 'Download CSV', downloadSdmx: 'Download SDMX-CSV', bulletin: 'Statistical bulletin (HTML)', received: '{received} of {expected}', asOf: 'log position {position}',
  },
  assessments: {
    title: 'Assessments and rankings', scheme: 'Scheme', notice: 'Notice (A4)', rank: 'Rank', total: 'Total', grade: 'Grade', interval: 'Places', remark: 'Remarks',
    points: 'Points', basis: 'Basis', vetoed: 'vetoed', capped: 'capped at {max}', notRanked: '{reports} reports: not ranked', tied: 'statistically tied with {n}',
  },
  findings: {
    title: 'Follow-up of quality findings', mine: 'My work', queue: 'Queue', code: 'Finding code', active: 'Active', overdueOnly: 'Overdue only', impact: 'Impact',
    due: 'Due', owner: 'With', more: 'Load more', trend: 'Findings over time', shown: '{shown} of {total} shown', explanation: 'Explanation',
    explanationHelp: 'Why the value is true, e.g. a new landfill opened this month', explain: 'Send explanation', accept: 'Accept explanation', reject: 'Reject (return the report)',
    escalate: 'Escalate', reopen: 'Reopen', assign: 'Assign', assignee: 'Assign to (principal id)', structural: 'Structural difference: later periods near this value are not flagged',
    states: { open: 'open', explained: 'explained', accepted: 'accepted', resolved: 'resolved', superseded: 'recomputed', all: 'all' },
    counts: { raised: 'raised', explained: 'explained', accepted: 'accepted', resolved: 'resolved', open: 'open' },
    steps: {
      QualityFindingRaised: 'raised', QualityFindingResolved: 'resolved by the checks', FindingExplained: 'explained', FindingExplanationAccepted: 'explanation accepted',
      FindingExplanationRejected: 'explanation rejected', FindingAssigned: 'assigned', FindingEscalated: 'escalated', FindingReopened: 'reopened', ReportCorrected: 'report corrected',
    },
  },
  measure: { m2_4: '10,000 m²', t: 't', count: 'count', persons: 'persons', CNY_4: '10,000 yuan', '%': '%', 'per 10k persons': 'per 10,000 residents' },
} satisfies typeof zh;
