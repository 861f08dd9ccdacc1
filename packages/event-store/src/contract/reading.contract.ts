import { describe, expect, it } from 'vitest';
import { InvalidAppendError } from '../errors.ts';
import { readAllPages } from '../read-all-pages.ts';
import type { RecordedEvent } from '../types.ts';
import { anEvent, events, type OpenedStore } from './harness.ts';

export function readingContract(open: () => Promise<OpenedStore>) {
  describe('reading streams and the global log', () => {
    it('reads a missing stream as empty', async () => {
      const { store } = await open();
      expect(await store.readStream('never-written')).toEqual([]);
    });

    it('round-trips type, data and metadata and stamps recordedAt', async () => {
      const { store } = await open();
      const event = anEvent('ReportSubmitted', {
        values: { SAN_WASTE_COLLECTED: '1250.5' },
        name: '东城区 & "quotes"',
      });
      await store.appendToStream('r', [event], { expectedRevision: 'no_stream' });
      const [read] = await store.readStream('r');
      expect(read).toMatchObject({
        id: event.id,
        type: event.type,
        data: event.data,
        metadata: event.metadata,
        stream: 'r',
        revision: 0n,
      });
      expect(Number.isNaN(Date.parse(read!.recordedAt))).toBe(false);
    });

    it('reads a stream forwards, backwards, from a revision and up to a count', async () => {
      const { store } = await open();
      await store.appendToStream('s', events(5), { expectedRevision: 'no_stream' });
      const revisions = async (o: Parameters<typeof store.readStream>[1]) =>
        (await store.readStream('s', o)).map((e) => e.revision);
      expect(await revisions({})).toEqual([0n, 1n, 2n, 3n, 4n]);
      expect(await revisions({ fromRevision: 3n })).toEqual([3n, 4n]);
      expect(await revisions({ direction: 'backwards', maxCount: 2 })).toEqual([4n, 3n]);
      expect(await revisions({ direction: 'backwards', fromRevision: 1n })).toEqual([1n, 0n]);
      expect(await revisions({ maxCount: 1 })).toEqual([0n]);
    });

    it('orders the global log by append, with strictly increasing positions and nothing missing', async () => {
      const { store } = await open();
      const appended: string[] = [];
      for (let i = 0; i < 20; i++) {
        const batch = events(1 + (i % 3));
        appended.push(...batch.map((e) => e.id));
        await store.appendToStream(`stream-${i % 4}`, batch, { expectedRevision: 'any' });
      }
      const all = await store.readAll();
      expect(all.map((e) => e.id)).toEqual(appended);
      for (let i = 1; i < all.length; i++) expect(all[i]!.position > all[i - 1]!.position).toBe(true);
      // `from` is exclusive, and paging by the last position read visits every event exactly once.
      const paged: string[] = [];
      let from: string | undefined;
      for (;;) {
        const page = await store.readAll({ ...(from ? { from } : {}), maxCount: 7 });
        paged.push(...page.map((e) => e.id));
        if (page.length < 7) break;
        from = page.at(-1)!.position;
      }
      expect(paged).toEqual(appended);
      expect(await store.headPosition()).toBe(all.at(-1)!.position);
    });

    it('filters the global log by stream prefix and event type', async () => {
      const { store } = await open();
      await store.appendToStream('report-a', [anEvent('ReportSubmitted'), anEvent('ReportApproved')], {
        expectedRevision: 'any',
      });
      await store.appendToStream('audit-1', [anEvent('AuditPlanned')], { expectedRevision: 'any' });
      expect((await store.readAll({ filter: { streamPrefixes: ['report-'] } })).map((e) => e.type)).toEqual([
        'ReportSubmitted',
        'ReportApproved',
      ]);
      expect(
        (await store.readAll({ filter: { eventTypes: ['AuditPlanned', 'ReportApproved'] } })).map((e) => e.type),
      ).toEqual(['ReportApproved', 'AuditPlanned']);
    });

    it('gives only the named fields of the data of a picked type, and every event otherwise whole', async () => {
      const { store } = await open();
      const noted = anEvent('FindingNoted', { findingId: 'f-1', report: 'report-a', evidence: { points: [1, 2] } });
      const submitted = anEvent('ReportSubmitted', { report: 'report-a', values: { A: '1.50' } });
      const evidenced = anEvent('Evidenced', {
        evidence: { points: [1, 2.5, null], note: '东城 "q" \\' },
        empty: null,
      });
      const unreported = anEvent('FindingNoted', { findingId: 'f-2', evidence: {} });
      await store.appendToStream('s', [noted, submitted, evidenced, unreported], { expectedRevision: 'no_stream' });
      const dataFields = { FindingNoted: ['findingId', 'report'], Evidenced: ['evidence', 'empty', 'absent'] };
      const read = await store.readAll({ dataFields });
      // A field null or absent in the event is absent; nested values come whole.
      expect(read.map((e) => e.data)).toEqual([
        { findingId: 'f-1', report: 'report-a' },
        submitted.data,
        { evidence: evidenced.data.evidence },
        { findingId: 'f-2' },
      ]);
      const besidesData = ({ id, type, stream, revision, position, recordedAt, hash, metadata }: RecordedEvent) => ({
        id,
        type,
        stream,
        revision,
        position,
        recordedAt,
        hash,
        metadata,
      });
      expect(read.map(besidesData)).toEqual((await store.readAll()).map(besidesData));
      const paged: RecordedEvent[] = [];
      for await (const page of readAllPages(store, { pageSize: 3, dataFields })) paged.push(...page);
      expect(paged.map((e) => e.data)).toEqual(read.map((e) => e.data));
      await expect(store.readAll({ dataFields: { FindingNoted: ['evidence.points'] } })).rejects.toThrow(
        'dataFields.FindingNoted: "evidence.points" is not a field name',
      );
    });

    it('rejects malformed appends before writing anything', async () => {
      const { store } = await open();
      await expect(store.appendToStream('s', [], { expectedRevision: 'any' })).rejects.toBeInstanceOf(
        InvalidAppendError,
      );
      await expect(
        store.appendToStream('s', [{ ...anEvent(), id: 'not-a-uuid' }], { expectedRevision: 'any' }),
      ).rejects.toBeInstanceOf(InvalidAppendError);
      const twice = anEvent();
      await expect(store.appendToStream('s', [twice, twice], { expectedRevision: 'any' })).rejects.toBeInstanceOf(
        InvalidAppendError,
      );
      expect(await store.readAll()).toEqual([]);
    });
  });
}
