import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/canonical-json.ts';
import { GENESIS_HASH, canonicalEventJson, chainHash } from '../src/integrity.ts';

const event = {
  id: '0b7c4d1e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
  stream: 'report-sanitation-110101001001-2025-03',
  revision: 12n,
  position: '00000000000000000042',
  type: 'ReportSubmitted',
  data: {
    values: { SAN_WASTE_HARMLESS: '98.5', SAN_WASTE_COLLECTED: '100' },
    unitCode: '110101001001',
    note: '东城区 "复核" \u2028',
  },
  metadata: { principal: 'rep-1', channel: 'api', correlationId: 'c-1' },
  recordedAt: '2025-04-03T04:00:00.000Z',
};

describe('canonical event JSON for the integrity chain', () => {
  it('equals RFC 8785 canonicalisation of the whole event with the revision as a string', () => {
    expect(canonicalEventJson(event)).toBe(canonicalJson({ ...event, revision: '12' }));
  });

  it('does not depend on the key order of data or metadata', () => {
    const reordered = {
      ...event,
      data: {
        note: event.data.note,
        unitCode: event.data.unitCode,
        values: { SAN_WASTE_COLLECTED: '100', SAN_WASTE_HARMLESS: '98.5' },
      },
    };
    expect(canonicalEventJson(reordered)).toBe(canonicalEventJson(event));
  });

  it('chains: sha256 of the previous hash followed by the canonical JSON', () => {
    const expected = createHash('sha256')
      .update(GENESIS_HASH + canonicalEventJson(event))
      .digest('hex');
    expect(chainHash(GENESIS_HASH, event)).toBe(expected);
    expect(chainHash(expected, event)).not.toBe(expected);
  });
});
