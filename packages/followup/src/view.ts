import { readAllPagesUpTo, oneAtATime, readAllPages, type EventStore, type AsOf } from '@statledger/event-store';
import { createFindingsFold, FINDINGS_INPUTS, type FindingsFold } from './findings-fold.ts';
import type { FollowUpPolicy } from './policy.ts';
import { orderedQueue, type QueueFilter, type QueueItem } from './queue.ts';

export type { AsOf };

export interface QueuePage {
  items: QueueItem[];
  total: number;
  /** Pass it back for the next page; null on the last. The order is that of the log as it stood at the first page. */
  next: string | null;
  asOfPosition: string | null;
}

interface Cursor {
  /** The log position the first page was ordered at, the instant that decided "overdue", and the place reached. */
  position: string | null;
  now: string;
  offset: number;
  filter: string;
}

const encode = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

export class InvalidCursorError extends Error {}

function decode(text: string, filter: string): Cursor {
  let cursor: Cursor;
  try {
    cursor = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
  } catch {
    throw new InvalidCursorError('the cursor is not one this server gave; start again without it');
  }
  if (
    cursor.filter !== filter ||
    !Number.isInteger(cursor.offset) ||
    cursor.offset < 0 ||
    typeof cursor.now !== 'string'
  ) {
    throw new InvalidCursorError('the cursor belongs to another query (other filters); start again without it');
  }
  return cursor;
}

/**
 * Findings and their follow-up as a query model of the log: a live fold caught up on each question, a fold as of
 * an earlier instant or position (time travel), and a queue that pages through any number of findings in an
 * order fixed when its first page was asked for: later events do not move an item from one page to another.
 */
export function createFindingsView(store: Pick<EventStore, 'readAll'>, policy: FollowUpPolicy) {
  const live = createFindingsFold();
  // The last orders asked for, so that the next page costs a slice, not a sort (nor a fold, once the log moved on).
  const orders = new Map<string, QueueItem[]>();
  const filterOf = { eventTypes: FINDINGS_INPUTS };

  async function readNew(): Promise<FindingsFold> {
    for await (const page of readAllPages(store, { from: live.position, filter: filterOf }))
      for (const e of page) live.apply(e);
    return live;
  }

  // Two questions at once (two HTTP requests) must not fold the same events twice.
  const catchUp = oneAtATime(readNew);

  /** The fold as the log stood at `asOf`; the live one when omitted. */
  async function at(asOf: AsOf): Promise<FindingsFold> {
    if (!asOf) return catchUp();
    const fold = createFindingsFold();
    for await (const page of readAllPagesUpTo(store, asOf, { filter: filterOf })) for (const e of page) fold.apply(e);
    return fold;
  }

  async function queue(
    filter: QueueFilter,
    page: { limit: number; cursor?: string | undefined; now: Date },
  ): Promise<QueuePage> {
    const filterKey = JSON.stringify(filter);
    const cursor = page.cursor ? decode(page.cursor, filterKey) : undefined;
    const position = cursor ? cursor.position : ((await catchUp()).position ?? null);
    const now = cursor ? new Date(cursor.now) : page.now;
    const memo = `${filterKey}|${position}|${now.toISOString()}`;
    let items = orders.get(memo);
    if (!items) {
      const fold =
        position === (live.position ?? null) ? live : await at(position === null ? { position: '' } : { position });
      items = orderedQueue(fold, filter, policy, now);
      orders.set(memo, items);
      if (orders.size > 8) orders.delete(orders.keys().next().value!);
    }
    const offset = cursor?.offset ?? 0;
    const end = offset + page.limit;
    return {
      items: items.slice(offset, end),
      total: items.length,
      next: end < items.length ? encode({ position, now: now.toISOString(), offset: end, filter: filterKey }) : null,
      asOfPosition: position,
    };
  }

  return { catchUp, at, queue, policy };
}

export type FindingsView = ReturnType<typeof createFindingsView>;
