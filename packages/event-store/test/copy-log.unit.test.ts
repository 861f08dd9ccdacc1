import { describe, expect, it } from 'vitest';
import { copyLog, createInMemoryEventStore, uuidFromName, verifyChain, type EventStore } from '../src/index.ts';

const metadata = { principal: 'p', channel: 'api', correlationId: 'c' };

async function aLog() {
  let clock = Date.parse('2025-01-01T00:00:00Z');
  const source = createInMemoryEventStore({ now: () => new Date(clock) });
  for (let i = 0; i < 30; i++) {
    const events = [0, 1].map((j) => ({ id: uuidFromName(`e${i}-${j}`), type: 'Tested', data: { i, j }, metadata }));
    await source.appendToStreams([
      { stream: `s-${i % 4}`, events, expectedRevision: 'any' },
      {
        stream: `t-${i % 3}`,
        events: [{ id: uuidFromName(`t${i}`), type: 'Tested', data: { i }, metadata }],
        expectedRevision: 'any',
      },
    ]);
    if (i % 3 === 0) clock += 60_000;
  }
  return source;
}

function clockedTarget() {
  let instant = '';
  return {
    target: createInMemoryEventStore({ now: () => new Date(instant) }),
    setClock: (at: string) => (instant = at),
  };
}

const dump = async (store: EventStore) =>
  (await store.readAll()).map((e) => JSON.stringify({ ...e, revision: String(e.revision) }));

describe('copying the log into another store', () => {
  it('gives the same events at the same positions with the same hash chain', async () => {
    const source = await aLog();
    const { target, setClock } = clockedTarget();
    expect(await copyLog({ source, target, setClock })).toEqual({ copied: 90, alreadyThere: 0 });
    expect(await dump(target)).toEqual(await dump(source));
    expect(await verifyChain(target)).toMatchObject({ ok: true, checked: 90 });
  });

  it('continues a copy that stopped part way, and refuses a target holding another log', async () => {
    const source = await aLog();
    const { target, setClock } = clockedTarget();
    const first = (await source.readAll()).slice(0, 33);
    setClock(first[0]!.recordedAt);
    for (const e of first) {
      setClock(e.recordedAt);
      await target.appendToStream(e.stream, [{ id: e.id, type: e.type, data: e.data, metadata: e.metadata }], {
        expectedRevision: e.revision === 0n ? 'no_stream' : e.revision - 1n,
      });
    }
    expect(await copyLog({ source, target, setClock })).toEqual({ copied: 57, alreadyThere: 33 });
    expect(await dump(target)).toEqual(await dump(source));

    const other = clockedTarget();
    other.setClock('2025-01-01T00:00:00.000Z');
    await other.target.appendToStream('elsewhere', [{ id: uuidFromName('x'), type: 'Other', data: {}, metadata }], {
      expectedRevision: 'any',
    });
    await expect(copyLog({ source, ...other })).rejects.toThrow(/holds another log/);
  });
});
