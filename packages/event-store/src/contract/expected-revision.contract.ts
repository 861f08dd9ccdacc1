import { describe, expect, it } from 'vitest';
import { WrongExpectedRevisionError } from '../errors.ts';
import type { ExpectedRevision } from '../types.ts';
import { anEvent, events, type OpenedStore } from './harness.ts';

export function expectedRevisionContract(open: () => Promise<OpenedStore>) {
  describe('expected revisions (revisions start at 0)', () => {
    it('numbers the first event of a stream 0 and reports the last revision appended', async () => {
      const { store } = await open();
      const first = await store.appendToStream('order-1', events(3), { expectedRevision: 'no_stream' });
      expect(first.nextExpectedRevision).toBe(2n);
      expect(first.appended).toBe(true);
      const read = await store.readStream('order-1');
      expect(read.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
      const next = await store.appendToStream('order-1', events(1), { expectedRevision: 2n });
      expect(next.nextExpectedRevision).toBe(3n);
    });

    const cases: {
      name: string;
      exists: boolean;
      expected: ExpectedRevision;
      ok: boolean;
      actual: bigint | 'no_stream';
    }[] = [
      {
        name: 'no_stream on a missing stream appends',
        exists: false,
        expected: 'no_stream',
        ok: true,
        actual: 'no_stream',
      },
      { name: 'no_stream on an existing stream conflicts', exists: true, expected: 'no_stream', ok: false, actual: 1n },
      {
        name: 'stream_exists on a missing stream conflicts',
        exists: false,
        expected: 'stream_exists',
        ok: false,
        actual: 'no_stream',
      },
      {
        name: 'stream_exists on an existing stream appends',
        exists: true,
        expected: 'stream_exists',
        ok: true,
        actual: 1n,
      },
      { name: 'any on a missing stream appends', exists: false, expected: 'any', ok: true, actual: 'no_stream' },
      { name: 'any on an existing stream appends', exists: true, expected: 'any', ok: true, actual: 1n },
      { name: 'the exact last revision appends', exists: true, expected: 1n, ok: true, actual: 1n },
      { name: 'a stale revision conflicts', exists: true, expected: 0n, ok: false, actual: 1n },
      { name: 'a revision ahead of the stream conflicts', exists: true, expected: 5n, ok: false, actual: 1n },
      { name: 'revision 0 on a missing stream conflicts', exists: false, expected: 0n, ok: false, actual: 'no_stream' },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const { store } = await open();
        if (c.exists) await store.appendToStream('s', events(2), { expectedRevision: 'no_stream' });
        const attempt = store.appendToStream('s', [anEvent()], { expectedRevision: c.expected });
        if (c.ok) {
          await expect(attempt).resolves.toMatchObject({ nextExpectedRevision: c.exists ? 2n : 0n });
          return;
        }
        const error = await attempt.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ stream: 's', expected: c.expected, actual: c.actual });
        expect(await store.readStream('s')).toHaveLength(c.exists ? 2 : 0);
      });
    }

    it('lets exactly one of eight writers holding the same revision win', async () => {
      const { store } = await open();
      await store.appendToStream('contested', events(1), { expectedRevision: 'no_stream' });
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) =>
          store.appendToStream('contested', [anEvent(`Writer${i}`)], { expectedRevision: 0n }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.filter((r) => r.status === 'rejected');
      expect(rejected).toHaveLength(7);
      for (const r of rejected) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.readStream('contested')).toHaveLength(2);
    });

    it('appends to several streams atomically: one conflict writes nothing', async () => {
      const { store } = await open();
      await store.appendToStream('b', events(1), { expectedRevision: 'no_stream' });
      const attempt = store.appendToStreams([
        { stream: 'a', events: events(2), expectedRevision: 'no_stream' },
        { stream: 'b', events: events(1), expectedRevision: 'no_stream' },
      ]);
      await expect(attempt).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.readStream('a')).toEqual([]);
      expect(await store.readAll()).toHaveLength(1);
      const ok = await store.appendToStreams([
        { stream: 'a', events: events(2), expectedRevision: 'no_stream' },
        { stream: 'b', events: events(1), expectedRevision: 0n },
      ]);
      expect(ok.map((r) => r.nextExpectedRevision)).toEqual([1n, 1n]);
    });

    it('refuses only the stale one of twenty appends made at once to twenty streams', async () => {
      const { store } = await open();
      await store.appendToStream('s-7', events(1), { expectedRevision: 'no_stream' });
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          store.appendToStream(`s-${i}`, events(1), { expectedRevision: i === 7 ? 5n : 'no_stream' }),
        ),
      );
      expect(outcomes.map((o) => o.status)).toEqual(
        Array.from({ length: 20 }, (_, i) => (i === 7 ? 'rejected' : 'fulfilled')),
      );
      expect((outcomes[7] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.readAll()).toHaveLength(20);
    });

    it('takes two requests of one stream in one append in turn: the second expects what the first leaves', async () => {
      const { store } = await open();
      await store.appendToStream('c', events(1), { expectedRevision: 'no_stream' });
      const wrong = store.appendToStreams([
        { stream: 'c', events: events(2), expectedRevision: 0n },
        { stream: 'c', events: events(1), expectedRevision: 0n },
      ]);
      await expect(wrong).rejects.toMatchObject({ stream: 'c', expected: 0n, actual: 2n });
      expect(await store.readStream('c')).toHaveLength(1);
      const ok = await store.appendToStreams([
        { stream: 'c', events: events(2), expectedRevision: 0n },
        { stream: 'c', events: events(1), expectedRevision: 2n },
      ]);
      expect(ok.map((r) => r.nextExpectedRevision)).toEqual([2n, 3n]);
      expect((await store.readStream('c')).map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n]);
    });
  });
}
