import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError, uuidFromName } from '@statledger/event-store';
import { TEST_POSTGRES, freshPostgresSchema, postgresUnavailable } from '@statledger/testing';
import { createPostgresEventStore } from '../src/index.ts';

const unavailable = await postgresUnavailable();
const metadata = { principal: 'test', channel: 'system', correlationId: 'test' };

/** A TCP relay in front of the test server that can be cut, as a fail-over or a network partition cuts it. */
async function relay() {
  const target = new URL(TEST_POSTGRES);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const open = () =>
    new Promise<number>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(Number(target.port || 5432), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('error', () => {}).on('close', () => sockets.delete(s));
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => resolve((server!.address() as { port: number }).port));
    });
  let port = 0;
  port = await open();
  return {
    port,
    async cut() {
      await new Promise((resolve) => server!.close(resolve).emit('close'));
      for (const s of sockets) s.destroy();
    },
    reopen: open,
  };
}

describe.skipIf(unavailable)('PostgreSQL that stops answering', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('fails appends and reads with StoreUnavailableError, then takes the same append again once it is back, exactly once', async () => {
    const schema = await freshPostgresSchema('unavailable');
    cleanup.push(schema.drop);
    const cable = await relay();
    const url = new URL(schema.url);
    url.port = String(cable.port);
    const store = await createPostgresEventStore({ connectionString: url.toString() });
    cleanup.push(() => store.close());
    const event = () => [{ id: uuidFromName('unavailable-1'), type: 'Tested', data: {}, metadata }];
    await store.appendToStream('before', [{ id: uuidFromName('unavailable-0'), type: 'Tested', data: {}, metadata }], {
      expectedRevision: 'no_stream',
    });

    await cable.cut();
    await expect(store.appendToStream('during', event(), { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    await expect(store.readAll()).rejects.toBeInstanceOf(StoreUnavailableError);

    await cable.reopen();
    const first = await store.appendToStream('during', event(), { expectedRevision: 'no_stream' });
    const again = await store.appendToStream('during', event(), { expectedRevision: 'no_stream' });
    expect([first.appended, again.appended]).toEqual([true, false]);
    expect((await store.readAll()).map((e) => e.stream)).toEqual(['before', 'during']);
  });
});
