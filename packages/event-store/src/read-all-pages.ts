import { setImmediate } from 'node:timers/promises';
import type { DataFields, EventFilter, EventStore, RecordedEvent } from './types.ts';

/**
 * The global log after `from` (exclusive), a page at a time, up to its end as it stands while being read. Between
 * pages the event loop gets its turn: an embedded store reads synchronously, and a fold of the whole log (a view
 * catching up in an API process) would otherwise hold every request, /healthz included, until it ended.
 */
export async function* readAllPages(
  store: Pick<EventStore, 'readAll'>,
  options: { from?: string | undefined; filter?: EventFilter; pageSize?: number; dataFields?: DataFields } = {},
): AsyncGenerator<RecordedEvent[]> {
  const pageSize = options.pageSize ?? 1_000;
  let from = options.from;
  for (;;) {
    const page = await store.readAll({
      ...(from === undefined ? {} : { from }),
      maxCount: pageSize,
      ...(options.filter ? { filter: options.filter } : {}),
      ...(options.dataFields ? { dataFields: options.dataFields } : {}),
    });
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    from = page.at(-1)!.position;
    await setImmediate();
  }
}

/** Where a question about the past stops: at a log position, or at an instant (what was recorded by then). */
export type AsOf = { position: string } | { instant: string } | undefined;

/** The log's pages in order, up to and including `asOf` (to the head without it): time travel's one way in. */
export async function* readAllPagesUpTo(
  store: Pick<EventStore, 'readAll'>,
  asOf: AsOf,
  options: { filter?: EventFilter } = {},
): AsyncGenerator<RecordedEvent[]> {
  const until = asOf && 'instant' in asOf ? Date.parse(asOf.instant) : undefined;
  const after = (e: RecordedEvent) =>
    until === undefined ? e.position > (asOf as { position: string }).position : Date.parse(e.recordedAt) > until;
  for await (const page of readAllPages(store, options)) {
    const end = asOf ? page.findIndex(after) : -1;
    if (end < 0) {
      yield page;
      continue;
    }
    if (end > 0) yield page.slice(0, end);
    return;
  }
}
