import pg from 'pg';
import type { AppendNotifier } from '@statledger/event-store';

/** The channel every append notifies on commit; the payload is empty, a listener reads the log itself. */
export const APPEND_CHANNEL = 'statledger_appends';

/**
 * Wakes this process's subscriptions when any process commits an append: one connection of its own that LISTENs.
 * When that connection fails (a restart, a fail-over) the subscriptions go on polling and it is opened again.
 */
export function listenForAppends(connectionString: string, notifier: AppendNotifier, retryMs = 1_000) {
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let connecting: Promise<void> | undefined;

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString });
    next.on('notification', () => notifier.notify());
    next.on('error', () => reconnect(next));
    next.on('end', () => reconnect(next));
    try {
      await next.connect();
      await next.query(`LISTEN ${APPEND_CHANNEL}`);
      client = next;
      // Appends committed while no one listened are found by the subscriptions' next read.
      notifier.notify();
    } catch {
      reconnect(next);
    }
  }

  function reconnect(failed: pg.Client): void {
    if (client === failed) client = undefined;
    failed.end().catch(() => {});
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      if (!closed) connecting = connect();
    }, retryMs).unref();
  }

  connecting = connect();
  return {
    async close(): Promise<void> {
      closed = true;
      clearTimeout(retry);
      // A connection still being made is let finish, then ended with the rest.
      await connecting;
      const last = client;
      client = undefined;
      await last?.end().catch(() => {});
    },
  };
}
