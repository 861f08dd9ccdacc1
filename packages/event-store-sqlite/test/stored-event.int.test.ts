import { describe, expect, it } from 'vitest';
import { createSqliteEventStore } from '../src/index.ts';

const ID = '0b6f1d4e-3c2a-4f5e-9a8b-7c6d5e4f3a2b';

describe('an event read from SQLite', () => {
  it('carries its metadata (parsed when first asked for) through a spread and JSON like any other field', async () => {
    const store = createSqliteEventStore({ path: ':memory:' });
    await store.appendToStream(
      'report-1',
      [{ id: ID, type: 'ReportSubmitted', data: { values: { A: '1' } }, metadata: { principal: 'p', channel: 'csv' } }],
      { expectedRevision: 'no_stream' },
    );
    const [event] = await store.readStream('report-1');

    expect(Object.keys(event!)).toEqual([
      'id',
      'type',
      'data',
      'metadata',
      'stream',
      'revision',
      'position',
      'recordedAt',
      'hash',
    ]);
    expect({ ...event! }.metadata).toEqual({ channel: 'csv', principal: 'p' });
    expect(JSON.parse(JSON.stringify({ ...event!, revision: String(event!.revision) })).metadata).toEqual({
      channel: 'csv',
      principal: 'p',
    });
    // The same object each time it is asked for, parsed once.
    expect(event!.metadata).toBe(event!.metadata);
    await store.close();
  });
});
