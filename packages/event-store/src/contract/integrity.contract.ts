import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, chainHash, verifyChain } from '../integrity.ts';
import { events, type OpenedStore } from './harness.ts';

export function integrityContract(open: () => Promise<OpenedStore>) {
  describe('integrity chain over the global log', () => {
    it('stores hash = sha256(previousHash + canonicalJSON(event)) for every event', async () => {
      const { store } = await open();
      await store.appendToStream('a', events(3), { expectedRevision: 'no_stream' });
      await store.appendToStreams([
        { stream: 'b', events: events(2), expectedRevision: 'no_stream' },
        { stream: 'a', events: events(1), expectedRevision: 2n },
      ]);
      const all = await store.readAll();
      let previous = GENESIS_HASH;
      for (const event of all) {
        expect(event.hash).toBe(chainHash(previous, event));
        previous = event.hash;
      }
      const result = await verifyChain(store, { batchSize: 4 });
      expect(result).toEqual({ ok: true, checked: 6, lastPosition: all.at(-1)!.position, lastHash: previous });
    });

    it('verifies an empty log as zero events checked', async () => {
      const { store } = await open();
      expect(await verifyChain(store)).toMatchObject({ ok: true, checked: 0 });
    });
  });
}
