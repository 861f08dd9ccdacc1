/**
 * A real process for the kill tests: `writer` appends batches, `processor` follows the log from a
 * checkpoint. The parent kills it with SIGKILL at an arbitrary moment and checks what survived.
 */
import { isCaughtUp } from '../types.ts';
import { uuidFromName } from '../uuid-from-name.ts';
import type { OpenedStore } from './harness.ts';

const [mode, modulePath, connection, countText] = process.argv.slice(2);
const { openStore } = (await import(modulePath!)) as { openStore(connection: string): Promise<OpenedStore> };
const { store, checkpoints } = await openStore(connection!);
const metadata = { principal: 'kill-test', channel: 'system', correlationId: 'kill-test' };

if (mode === 'writer') {
  const batches = Number(countText);
  for (let i = 0; i < batches; i++) {
    const events = Array.from({ length: 5 }, (_, j) => ({
      id: uuidFromName(`kill-${i}-${j}`),
      type: 'KillTested',
      data: { i, j },
      metadata,
    }));
    await store.appendToStream(`kill-${i}`, events, { expectedRevision: 'no_stream' });
    if (i % 10 === 0) console.log(`appended ${i}`);
  }
  console.log('done');
} else if (mode === 'processor') {
  const name = 'kill-processor';
  let checkpoint = await checkpoints.load(name);
  let processed = 0;
  let last: string | undefined = checkpoint?.position;
  for await (const item of store.subscribeToAll({
    ...(last ? { from: last } : {}),
    filter: { streamPrefixes: ['kill-'] },
    batchSize: 50,
  })) {
    if (isCaughtUp(item)) {
      await checkpoints.save(name, last, checkpoint?.version ?? null);
      console.log(`caught-up ${processed}`);
      break;
    }
    // The effect is idempotent (a name-derived id), so re-processing after a crash appends nothing.
    await store.appendToStream(
      `processed-${item.id}`,
      [{ id: uuidFromName(`processed-${item.id}`), type: 'KillProcessed', data: { source: item.id }, metadata }],
      { expectedRevision: 'no_stream' },
    );
    last = item.position;
    processed++;
    if (processed % 37 === 0) {
      checkpoint = await checkpoints.save(name, last, checkpoint?.version ?? null);
      console.log(`processed ${processed}`);
    }
  }
}
await store.close();
