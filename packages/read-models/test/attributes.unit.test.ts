import { describe, expect, it } from 'vitest';
import type { UnitCode } from '@statledger/domain';
import type { RecordedEvent } from '@statledger/event-store';
import { loadFormCatalogue } from '@statledger/form-catalogue';
import { createReportLedger } from '../src/index.ts';

const attribute = (value: string, validFrom: string, position: number): RecordedEvent => ({
  id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
  type: 'UnitAttributeSet',
  stream: 'unit-110101001000',
  revision: BigInt(position),
  position: String(position).padStart(20, '0'),
  recordedAt: '2025-01-01T00:00:00.000Z',
  hash: '',
  metadata: {},
  data: { code: '110101001000', attribute: 'RESIDENT_POPULATION', value, validFrom, source: 'statistics_bureau' },
});

describe('unit attributes with a validity period', () => {
  it('gives the value in force on a day: none before the first, the latest one started after', () => {
    const ledger = createReportLedger(loadFormCatalogue(), () => false);
    ledger.apply(attribute('30000', '2025-07-01', 1));
    ledger.apply(attribute('20000', '2025-01-01', 2));
    const unit = '110101001000' as UnitCode;
    expect(ledger.attribute(unit, 'RESIDENT_POPULATION', '2024-12-31')).toBeUndefined();
    expect(ledger.attribute(unit, 'RESIDENT_POPULATION', '2025-03-31')).toBe('20000');
    expect(ledger.attribute(unit, 'RESIDENT_POPULATION', '2025-09-30')).toBe('30000');
    expect(ledger.drainChanges().attributes).toEqual(new Set(['110101001000|RESIDENT_POPULATION']));
  });
});
