import { describe, expect, it } from 'vitest';
import { DuplicateEventIdError } from '../errors.ts';
import { anEvent, events, type OpenedStore } from './harness.ts';

export function idempotencyContract(open: () => Promise<OpenedStore>) {
  describe('idempotent retry by event id', () => {
    it('answers a retried batch with the original result and appends nothing', async () => {
      const { store } = await open();
      const batch = events(3);
      const first = await store.appendToStream('r', batch, { expectedRevision: 'no_stream' });
      await store.appendToStream('r', events(1), { expectedRevision: 2n });
      // The retry carries the now-stale expectation of the original call: still no conflict, no new event.
      const retry = await store.appendToStream('r', batch, { expectedRevision: 'no_stream' });
      expect(retry).toEqual({ ...first, appended: false });
      expect(await store.readAll()).toHaveLength(4);
    });

    it('appends a batch sent twice at once exactly once; the other send is answered as a retry', async () => {
      const { store } = await open();
      const batch = events(3);
      const results = await Promise.all([
        store.appendToStream('twice', batch, { expectedRevision: 'any' }),
        store.appendToStream('twice', batch, { expectedRevision: 'any' }),
      ]);
      expect(results.map((r) => r.appended).sort()).toEqual([false, true]);
      expect(results[0]).toMatchObject({ nextExpectedRevision: 2n, position: results[1]!.position });
      expect(await store.readAll()).toHaveLength(3);
    });

    it('answers a retried multi-stream append the same way', async () => {
      const { store } = await open();
      const requests = [
        { stream: 'x', events: events(2), expectedRevision: 'no_stream' as const },
        { stream: 'y', events: events(1), expectedRevision: 'no_stream' as const },
      ];
      const first = await store.appendToStreams(requests);
      const retry = await store.appendToStreams(requests);
      expect(retry).toEqual(first.map((r) => ({ ...r, appended: false })));
      expect(await store.readAll()).toHaveLength(3);
    });

    it('refuses a batch that repeats only some ids, writing nothing', async () => {
      const { store } = await open();
      const batch = events(2);
      await store.appendToStream('r', batch, { expectedRevision: 'no_stream' });
      await expect(
        store.appendToStream('r', [batch[1]!, anEvent()], { expectedRevision: 'any' }),
      ).rejects.toBeInstanceOf(DuplicateEventIdError);
      expect(await store.readAll()).toHaveLength(2);
    });

    it('refuses an id already used in another stream', async () => {
      const { store } = await open();
      const event = anEvent();
      await store.appendToStream('one', [event], { expectedRevision: 'no_stream' });
      await expect(store.appendToStream('two', [event], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
        DuplicateEventIdError,
      );
      expect(await store.readStream('two')).toEqual([]);
    });
  });
}
