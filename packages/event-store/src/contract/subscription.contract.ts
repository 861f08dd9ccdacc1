import { describe, expect, it } from 'vitest';
import { isCaughtUp, type RecordedEvent, type EventStore } from '../types.ts';
import { events, type OpenedStore } from './harness.ts';

async function collect(
  store: EventStore,
  until: number,
  options: { from?: string; onCaughtUp?: () => Promise<void> } = {},
) {
  const controller = new AbortController();
  const seen: RecordedEvent[] = [];
  let caughtUpMarkers = 0;
  let deliveredAtFirstMarker = -1;
  const timeout = setTimeout(() => controller.abort(), 20_000);
  for await (const item of store.subscribeToAll({
    ...(options.from ? { from: options.from } : {}),
    signal: controller.signal,
    batchSize: 64,
  })) {
    if (isCaughtUp(item)) {
      caughtUpMarkers++;
      if (caughtUpMarkers === 1) {
        deliveredAtFirstMarker = seen.length;
        void options.onCaughtUp?.();
      }
      continue;
    }
    seen.push(item);
    if (seen.length >= until) break;
  }
  clearTimeout(timeout);
  return { seen, caughtUpMarkers, deliveredAtFirstMarker };
}

export function subscriptionContract(open: () => Promise<OpenedStore>) {
  describe('subscription to the global log: catch-up, then live', () => {
    it('delivers history, marks caught-up after it, then delivers live appends, none lost or doubled', async () => {
      const { store } = await open();
      for (let i = 0; i < 10; i++) await store.appendToStream(`h-${i}`, events(25), { expectedRevision: 'no_stream' });
      const appendLive = async () => {
        for (let i = 0; i < 50; i++)
          await store.appendToStream(`live-${i % 7}`, events(5), { expectedRevision: 'any' });
      };
      const { seen, caughtUpMarkers, deliveredAtFirstMarker } = await collect(store, 500, { onCaughtUp: appendLive });
      const all = await store.readAll();
      expect(all).toHaveLength(500);
      expect(seen.map((e) => e.id)).toEqual(all.map((e) => e.id));
      // First marker right after the 250 events of history; later ones only after live deliveries.
      expect(deliveredAtFirstMarker).toBe(250);
      expect(caughtUpMarkers).toBeGreaterThanOrEqual(1);
    });

    it('loses nothing when appends race the catch-up itself', async () => {
      const { store } = await open();
      await store.appendToStream('pre', events(100), { expectedRevision: 'no_stream' });
      const racing = (async () => {
        for (let i = 0; i < 40; i++)
          await store.appendToStream(`race-${i % 3}`, events(10), { expectedRevision: 'any' });
      })();
      const { seen } = await collect(store, 500);
      await racing;
      expect(new Set(seen.map((e) => e.id)).size).toBe(500);
      expect(seen.map((e) => e.id)).toEqual((await store.readAll()).map((e) => e.id));
    });

    it('never lets a follower skip an event while several writers append at once', async () => {
      const { store } = await open();
      const writer = async (w: number) => {
        for (let i = 0; i < 30; i++)
          await store.appendToStream(`writer-${w}-${i}`, events(3), { expectedRevision: 'no_stream' });
      };
      const following = collect(store, 360);
      await Promise.all([0, 1, 2, 3].map(writer));
      const { seen } = await following;
      const all = await store.readAll();
      expect(seen.map((e) => e.id)).toEqual(all.map((e) => e.id));
      // Gap-free, increasing positions: what a follower has passed is never filled in later.
      expect(all.map((e) => BigInt(e.position))).toEqual(all.map((_, i) => BigInt(all[0]!.position) + BigInt(i)));
    });

    it('starts strictly after the `from` position', async () => {
      const { store } = await open();
      await store.appendToStream('s', events(10), { expectedRevision: 'no_stream' });
      const all = await store.readAll();
      const { seen } = await collect(store, 6, { from: all[3]!.position });
      expect(seen.map((e) => e.revision)).toEqual([4n, 5n, 6n, 7n, 8n, 9n]);
    });

    it('marks caught-up again after a live delivery, but not while idle', async () => {
      const { store } = await open();
      await store.appendToStream('s', events(2), { expectedRevision: 'no_stream' });
      const controller = new AbortController();
      const markers: number[] = [];
      let delivered = 0;
      const safety = setTimeout(() => controller.abort(), 10_000);
      for await (const item of store.subscribeToAll({ signal: controller.signal })) {
        if (!isCaughtUp(item)) {
          delivered++;
          continue;
        }
        markers.push(delivered);
        // After the first marker, one live append; after the second, wait a few poll intervals for a stray third.
        if (markers.length === 1) void store.appendToStream('s', events(1), { expectedRevision: 'any' });
        if (markers.length === 2) setTimeout(() => controller.abort(), 500);
      }
      clearTimeout(safety);
      expect(markers).toEqual([2, 3]);
    });

    it('delivers only what its filter names, catch-up and live, and marks caught-up past the events it skips', async () => {
      const { store } = await open();
      for (let i = 0; i < 6; i++)
        await store.appendToStream(i % 2 ? `skip-${i}` : `keep-${i}`, events(20), { expectedRevision: 'no_stream' });
      const controller = new AbortController();
      const safety = setTimeout(() => controller.abort(), 20_000);
      const seen: RecordedEvent[] = [];
      const markers: (string | undefined)[] = [];
      for await (const item of store.subscribeToAll({
        filter: { streamPrefixes: ['keep-'] },
        signal: controller.signal,
        batchSize: 16,
      })) {
        if (!isCaughtUp(item)) {
          seen.push(item);
          continue;
        }
        markers.push(item.position);
        if (markers.length === 1) {
          // Live: skipped events after the last kept one, then a kept one behind them.
          await store.appendToStream('skip-live', events(30), { expectedRevision: 'no_stream' });
          await store.appendToStream('keep-live', events(2), { expectedRevision: 'no_stream' });
        }
        if (markers.length === 2) controller.abort();
      }
      clearTimeout(safety);
      const all = await store.readAll();
      expect(seen.map((e) => e.id)).toEqual(all.filter((e) => e.stream.startsWith('keep-')).map((e) => e.id));
      // The first marker stands past the skipped stream at the end of the history, not at the last kept event.
      expect(markers[0]).toBe(all[119]!.position);
      expect(markers[1]).toBe(all.at(-1)!.position);
    });

    it('ends when its signal aborts', async () => {
      const { store } = await open();
      await store.appendToStream('s', events(3), { expectedRevision: 'no_stream' });
      const controller = new AbortController();
      let delivered = 0;
      for await (const item of store.subscribeToAll({ signal: controller.signal })) {
        if (isCaughtUp(item)) controller.abort();
        else delivered++;
      }
      expect(delivered).toBe(3);
    });
  });
}
