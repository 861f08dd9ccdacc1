import { dumbo } from '@event-driven-io/dumbo';
import { getPostgreSQLEventStore, readMessagesBatch } from '@event-driven-io/emmett-postgresql';
import type { AppendRequest } from '@statledger/event-store';

/**
 * Emmett's PostgreSQL event store (0.42.0, its defaults) on the same rows: it appends one stream per call, so it
 * gets the workload one report at a time; read back through its global batch reader. `connectionString` names an
 * empty database of its own.
 */
export async function emmettPostgres(requests: AppendRequest[], connectionString: string) {
  const store = getPostgreSQLEventStore(connectionString);
  const pool = dumbo({ connectionString });
  try {
    await store.schema.migrate();
    const t0 = performance.now();
    for (const request of requests) {
      const expectedStreamVersion =
        request.expectedRevision === 'no_stream' ? 0n : (request.expectedRevision as bigint) + 1n;
      const events = request.events.map((e) => ({ type: e.type, data: e.data, metadata: e.metadata }));
      await store.appendToStream(request.stream, events, { expectedStreamVersion });
    }
    const t1 = performance.now();
    let read = 0;
    let after = 0n;
    for (;;) {
      const batch = await readMessagesBatch(pool.execute, { after, batchSize: 5_000 });
      read += batch.messages.length;
      if (!batch.areMessagesLeft || batch.messages.length === 0) break;
      after = batch.currentGlobalPosition;
    }
    const t2 = performance.now();
    const events = requests.reduce((n, r) => n + r.events.length, 0);
    if (read !== events) throw new Error(`Emmett read back ${read} events of ${events}`);
    return { events, appendPerSec: events / ((t1 - t0) / 1000), readPerSec: events / ((t2 - t1) / 1000) };
  } finally {
    await store.close();
    await pool.close();
  }
}
