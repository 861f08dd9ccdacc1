import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '@statledger/event-store';
import { loadFormCatalogue } from '@statledger/form-catalogue';
import { createReportLedger } from '../src/index.ts';

const report = 'report-sanitation-110101001001-2025-03';
let position = 0;
const event = (type: string, stream: string, data: RecordedEvent['data']): RecordedEvent => ({
  id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
  type,
  stream,
  revision: 0n,
  position: String(position++).padStart(20, '0'),
  recordedAt: '2025-04-02T02:00:00.000Z',
  hash: '',
  metadata: {},
  data,
});
const submitted = (stream = report, unitCode = '110101001001') =>
  event('ReportSubmitted', stream, {
    form: 'sanitation',
    unitCode,
    period: '2025-03',
    values: { SAN_CLEANERS: '14' },
    source: { type: 'reporting_unit' },
  });
const finding = (type: 'QualityFindingRaised' | 'QualityFindingResolved', findingId: string) =>
  event(type, `quality-${report}`, { findingId, report, subject: `quality-${report}`, family: 'rules' });

describe('a report’s open findings in the ledger', () => {
  it('count each finding once, however often it is raised, and ignore a resolution of one never raised', () => {
    const ledger = createReportLedger(loadFormCatalogue(), () => false);
    ledger.apply(submitted());
    for (const e of [
      finding('QualityFindingRaised', 'f1'),
      finding('QualityFindingRaised', 'f1'),
      finding('QualityFindingRaised', 'f2'),
      finding('QualityFindingResolved', 'f1'),
      finding('QualityFindingResolved', 'f3'),
    ])
      ledger.apply(e);
    expect(ledger.report(report)?.openFindings).toBe(1);
    expect(ledger.openFindingsOf(report)).toEqual(['f2']);
    // The report's row lists its open findings: it is written again.
    expect([...ledger.drainChanges().reports.keys()]).toEqual([report]);
    ledger.apply(finding('QualityFindingResolved', 'f3'));
    expect(ledger.drainChanges().reports.size).toBe(0);
  });

  it('are open on one report at most: a finding raised on another report moves there', () => {
    const ledger = createReportLedger(loadFormCatalogue(), () => false);
    const other = 'report-sanitation-110101001002-2025-03';
    ledger.apply(submitted());
    ledger.apply(submitted(other, '110101001002'));
    ledger.apply(finding('QualityFindingRaised', 'f1'));
    ledger.drainChanges();
    ledger.apply(
      event('QualityFindingRaised', `quality-${other}`, { findingId: 'f1', report: other, family: 'rules' }),
    );
    expect([ledger.report(report)?.openFindings, ledger.report(other)?.openFindings]).toEqual([0, 1]);
    expect([ledger.openFindingsOf(report), ledger.openFindingsOf(other)]).toEqual([[], ['f1']]);
    expect([...ledger.drainChanges().reports.keys()].sort()).toEqual([report, other].sort());
  });

  it('are counted again from the open findings’ rows on restore, and a finding of a report not restored is left out', () => {
    const ledger = createReportLedger(loadFormCatalogue(), () => false);
    ledger.apply(submitted());
    const stored = { ...ledger.report(report)!, openFindings: 7 };
    const restored = createReportLedger(loadFormCatalogue(), () => false);
    restored.restore({
      units: [],
      reports: [[report, stored]],
      openFindings: [
        ['f2', report],
        ['f2', report],
        ['f4', 'report-sanitation-110101001002-2025-03'],
      ],
      entries: { denominators: [], targets: [], attributes: [], subtotals: [] },
    });
    expect(restored.report(report)?.openFindings).toBe(1);
    restored.apply(finding('QualityFindingResolved', 'f2'));
    expect(restored.report(report)?.openFindings).toBe(0);
  });
});
