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
const submitted = () =>
  event('ReportSubmitted', report, {
    form: 'sanitation',
    unitCode: '110101001001',
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
    const changed = ledger.drainChanges().findings.map(([id, { report, open }]) => [id, { report, open }]);
    expect(changed).toEqual([
      ['f1', { report, open: false }],
      ['f2', { report, open: true }],
      ['f3', { report, open: false }],
    ]);
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
