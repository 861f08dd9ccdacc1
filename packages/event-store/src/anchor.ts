import { createHmac, timingSafeEqual } from 'node:crypto';
import { verifyChain, type VerifyResult } from './integrity.ts';
import type { EventStore } from './types.ts';

/**
 * The chain head as it stood at a moment, kept outside the database. Someone who can write the database can
 * rewrite the events and recompute every hash after them, or cut the last events off, and the chain alone
 * still verifies; an anchor of the head taken before that no longer matches. Its MAC is keyed with the
 * server secret, which is not in the database either, so an anchor cannot be forged to fit a rewritten log.
 */
export interface ChainAnchor {
  position: string;
  hash: string;
  anchoredAt: string;
  /** Which log it anchors (its store, without credentials); anchors made before logs were named have none. */
  log?: string;
  mac: string;
}

const macOf = (secret: Uint8Array, a: Omit<ChainAnchor, 'mac'>) =>
  createHmac('sha256', secret)
    .update(`chain-anchor:${a.position}:${a.hash}:${a.anchoredAt}${a.log === undefined ? '' : `:${a.log}`}`)
    .digest('hex');

export function anchorOf(
  head: { position: string; hash: string },
  secret: Uint8Array,
  anchoredAt: string,
  log: string,
): ChainAnchor {
  const anchor = { position: head.position, hash: head.hash, anchoredAt, log };
  return { ...anchor, mac: macOf(secret, anchor) };
}

export function isGenuineAnchor(anchor: ChainAnchor, secret: Uint8Array): boolean {
  const expected = Buffer.from(macOf(secret, anchor), 'hex');
  const given = Buffer.from(anchor.mac, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A head given by hand, from a bulletin or a colleague: position and hash, no MAC to check. */
export type GivenHead = Pick<ChainAnchor, 'position' | 'hash'>;

export type AnchoredVerifyResult =
  | (VerifyResult & { ok: true; anchorsChecked: number; newestAnchor: string | undefined })
  | (VerifyResult & { ok: false })
  | {
      ok: false;
      kind: 'anchor';
      checked: number;
      position: string;
      anchoredHash: string;
      foundHash: string | undefined;
      message: string;
    };

/**
 * Recomputes the chain and holds it against the anchors: each must name a position the log still holds, with
 * the hash the chain recomputes there. A log that ends before an anchored position lost its last events; a
 * hash that differs at one was rewritten at or before it. Only what lies up to the newest anchor is proven
 * unchanged; events after it are proven consistent with each other, nothing more.
 */
export async function verifyAgainstAnchors(
  store: Pick<EventStore, 'readAll'>,
  anchors: readonly GivenHead[],
  options: { batchSize?: number; onProgress?: (checked: number) => void } = {},
): Promise<AnchoredVerifyResult> {
  const wanted = new Set(anchors.map((a) => a.position));
  const recomputed = new Map<string, string>();
  const result = await verifyChain(store, {
    ...options,
    onVerified: (position, hash) => void (wanted.has(position) && recomputed.set(position, hash)),
  });
  if (!result.ok) return result;
  const ordered = [...anchors].sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  for (const anchor of ordered) {
    const found = recomputed.get(anchor.position);
    if (found === anchor.hash) continue;
    const beyond = result.lastPosition === undefined || anchor.position > result.lastPosition;
    const message = beyond
      ? `the log ends at ${result.lastPosition ?? 'nothing'}, before the anchored position ${anchor.position}: events at its end were removed`
      : `the chain recomputes to ${found ?? 'no event'} at the anchored position ${anchor.position}, not the anchored ${anchor.hash}: events at or before it were rewritten`;
    return {
      ok: false,
      kind: 'anchor',
      checked: result.checked,
      position: anchor.position,
      anchoredHash: anchor.hash,
      foundHash: found,
      message,
    };
  }
  return { ...result, anchorsChecked: anchors.length, newestAnchor: ordered.at(-1)?.position };
}
