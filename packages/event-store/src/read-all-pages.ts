import type { EventFilter, EventStore, RecordedEvent } from './types.ts';

/** The global log after `from` (exclusive), a page at a time, up to its end as it stands while being read. */
export async function* readAllPages(
  store: Pick<EventStore, 'readAll'>,
  options: { from?: string | undefined; filter?: EventFilter; pageSize?: number } = {},
): AsyncGenerator<RecordedEvent[]> {
  const pageSize = options.pageSize ?? 5_000;
  let from = options.from;
  for (;;) {
    const page = await store.readAll({
      ...(from === undefined ? {} : { from }),
      maxCount: pageSize,
      ...(options.filter ? { filter: options.filter } : {}),
    });
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    from = page.at(-1)!.position;
  }
}
