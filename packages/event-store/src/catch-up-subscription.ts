import type { EventStore, SubscribeOptions, SubscriptionItem } from './types.ts';

export interface AppendNotifier {
  /** Resolves at the next append in this process, or after `timeoutMs` (other processes may have appended). */
  next(timeoutMs: number, signal?: AbortSignal): Promise<void>;
  notify(): void;
}

export function createAppendNotifier(): AppendNotifier {
  let waiters: (() => void)[] = [];
  return {
    next(timeoutMs, signal) {
      return new Promise((resolve) => {
        if (signal?.aborted) return resolve();
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          waiters = waiters.filter((w) => w !== done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        signal?.addEventListener('abort', done, { once: true });
        waiters.push(done);
      });
    },
    notify() {
      for (const waiter of [...waiters]) waiter();
    },
  };
}

/**
 * Catch-up then live, built on `readAll`: reads in batches from the position after the last delivered
 * event, so nothing is skipped or delivered twice however appends interleave with reads. A filter is
 * applied by the store, so skipped events are never read into memory.
 */
export async function* catchUpSubscription(
  store: Pick<EventStore, 'readAll' | 'headPosition'>,
  notifier: AppendNotifier,
  options: SubscribeOptions & { pollIntervalMs?: number },
): AsyncGenerator<SubscriptionItem> {
  const batchSize = options.batchSize ?? 500;
  const pollMs = options.pollIntervalMs ?? 200;
  const filter = options.filter ? { filter: options.filter } : {};
  let from = options.from;
  // A marker the first time the log is exhausted, and again after each later delivery: consumers flush on it.
  let deliveredSinceMarker = true;
  while (!options.signal?.aborted) {
    // A filtered read says nothing of the events it skipped. The head as it stood before an exhausting read
    // was read in full, so the next read starts there and a quiet filter never rescans the log.
    const head = options.filter ? await store.headPosition() : undefined;
    const batch = await store.readAll({ ...(from === undefined ? {} : { from }), maxCount: batchSize, ...filter });
    for (const event of batch) {
      from = event.position;
      yield event;
      deliveredSinceMarker = true;
      if (options.signal?.aborted) return;
    }
    if (batch.length < batchSize) {
      if (head !== undefined && (from === undefined || head > from)) from = head;
      if (deliveredSinceMarker) {
        deliveredSinceMarker = false;
        yield { caughtUp: true, position: from };
      }
      await notifier.next(pollMs, options.signal);
    }
  }
}
