import { hash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import { sequencePosition } from './position.ts';
import { readAllPages } from './read-all-pages.ts';
import type { EventStore, JsonObject } from './types.ts';

/** Hash that precedes the first event of the log. */
export const GENESIS_HASH = '0'.repeat(64);

/** What the chain hashes of an event: everything it records except the hash itself. */
export interface ChainedFields {
  id: string;
  stream: string;
  revision: bigint;
  position: string;
  type: string;
  data: JsonObject;
  metadata: JsonObject;
  recordedAt: string;
}

/** A string that JSON writes as itself in quotes: printable ASCII without a quote or a backslash. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const quoted = (text: string) => (PLAIN.test(text) ? `"${text}"` : JSON.stringify(text));

/**
 * RFC 8785 canonical JSON of the event, with the revision as a decimal string. Built by concatenation in
 * the canonical (sorted) key order so data and metadata are canonicalised once, not the whole event again.
 */
export function canonicalEventJson(event: ChainedFields, canonical = canonicalParts(event)): string {
  return `{"data":${canonical.data},"id":${quoted(event.id)},"metadata":${canonical.metadata},"position":${quoted(event.position)},"recordedAt":${quoted(event.recordedAt)},"revision":"${event.revision}","stream":${quoted(event.stream)},"type":${quoted(event.type)}}`;
}

/** Canonical JSON of data and metadata: adapters store these texts, so one serialisation serves row and hash. */
export function canonicalParts(event: { data: JsonObject; metadata: JsonObject }): { data: string; metadata: string } {
  return { data: canonicalJson(event.data), metadata: canonicalJson(event.metadata) };
}

/**
 * An event's row as a SQL store writes it at its place in the log, in EVENT_COLUMNS order: data and metadata as
 * canonical JSON (stored as they are hashed), and its link in the chain after `previousHash` (the row's last cell).
 */
export function chainLink(
  previousHash: string,
  event: { id: string; type: string; data: JsonObject; metadata: JsonObject },
  at: { stream: string; revision: bigint; sequence: number | bigint; recordedAt: string },
): [
  position: number | bigint,
  id: string,
  stream: string,
  revision: bigint,
  type: string,
  data: string,
  metadata: string,
  recordedAt: string,
  hash: string,
] {
  // A literal of one shape, not a spread of the caller's event: V8 builds it without a copy loop.
  const fields = {
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    stream: at.stream,
    revision: at.revision,
    position: sequencePosition(at.sequence),
    recordedAt: at.recordedAt,
  };
  const canonical = canonicalParts(event);
  const hash = chainHash(previousHash, fields, canonical);
  return [
    at.sequence,
    event.id,
    at.stream,
    at.revision,
    event.type,
    canonical.data,
    canonical.metadata,
    at.recordedAt,
    hash,
  ];
}

/** hash = sha256(previousHash + canonicalJSON(event)) */
export function chainHash(
  previousHash: string,
  event: ChainedFields,
  canonical?: { data: string; metadata: string },
): string {
  // One-shot hashing: a Hash object per event cost more than the digest itself.
  return hash('sha256', previousHash + canonicalEventJson(event, canonical), 'hex');
}

export type VerifyResult =
  | { ok: true; checked: number; lastPosition: string | undefined; lastHash: string }
  | { ok: false; checked: number; firstBadPosition: string; expectedHash: string; storedHash: string };

/** Recomputes the chain over the whole log in order; stops at the first event whose stored hash differs. */
export function verifyChain(store: Pick<EventStore, 'readAll'>, options: VerifyOptions = {}): Promise<VerifyResult> {
  return verifyFrom(store, { position: undefined, hash: GENESIS_HASH, checked: 0 }, options);
}

export interface VerifyOptions {
  batchSize?: number;
  upTo?: string;
  onProgress?: (checked: number) => void;
  /** Told each event's position and hash once its hash has been recomputed and found equal. */
  onVerified?: (position: string, hash: string) => void;
}

interface Verified {
  position: string | undefined;
  hash: string;
  checked: number;
}

async function verifyFrom(
  store: Pick<EventStore, 'readAll'>,
  start: Verified,
  options: VerifyOptions,
): Promise<VerifyResult> {
  let previous = start.hash;
  let checked = start.checked;
  let lastPosition = start.position;
  for await (const batch of readAllPages(store, { from: start.position, pageSize: options.batchSize ?? 5_000 })) {
    for (const event of batch) {
      if (options.upTo !== undefined && event.position > options.upTo)
        return { ok: true, checked, lastPosition, lastHash: previous };
      const expected = chainHash(previous, event);
      if (expected !== event.hash) {
        return { ok: false, checked, firstBadPosition: event.position, expectedHash: expected, storedHash: event.hash };
      }
      previous = event.hash;
      lastPosition = event.position;
      checked++;
      options.onVerified?.(event.position, event.hash);
    }
    options.onProgress?.(checked);
  }
  return { ok: true, checked, lastPosition, lastHash: previous };
}

/**
 * Verifies the chain incrementally for a long-running process: the first call checks from the start (or
 * from a given anchor), later ones only what was appended since. A broken chain is reported every time, never remembered as good.
 */
export function createChainVerifier(store: Pick<EventStore, 'readAll'>, from?: { position: string; hash: string }) {
  // From an anchor, the log up to it is taken as verified when it was anchored; checking it again is verify's.
  let verified: Verified = from
    ? { position: from.position, hash: from.hash, checked: 0 }
    : { position: undefined, hash: GENESIS_HASH, checked: 0 };
  return {
    async verifyUpTo(position: string): Promise<VerifyResult> {
      if (verified.position !== undefined && position <= verified.position)
        return { ok: true, checked: verified.checked, lastPosition: verified.position, lastHash: verified.hash };
      const result = await verifyFrom(store, verified, { upTo: position });
      if (result.ok) verified = { position: result.lastPosition, hash: result.lastHash, checked: result.checked };
      return result;
    },
  };
}

export type ChainVerifier = ReturnType<typeof createChainVerifier>;
