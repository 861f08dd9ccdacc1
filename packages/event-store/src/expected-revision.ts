import { WrongExpectedRevisionError } from './errors.ts';
import type { ExpectedRevision } from './types.ts';

/** The one rule every adapter applies: `current` is the stream's last revision, or null when it does not exist. */
export function assertExpectedRevision(stream: string, expected: ExpectedRevision, current: bigint | null): void {
  const actual = current ?? 'no_stream';
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && current === null) ||
    (expected === 'stream_exists' && current !== null) ||
    (typeof expected === 'bigint' && current === expected);
  if (!ok) throw new WrongExpectedRevisionError(stream, expected, actual);
}

/** Parses the textual forms used at the edges (HTTP headers, CLI flags). */
export function parseExpectedRevision(text: string): ExpectedRevision {
  if (text === 'any' || text === 'no_stream' || text === 'stream_exists') return text;
  if (/^\d+$/.test(text)) return BigInt(text);
  throw new Error(`expected revision '${text}' is not any, no_stream, stream_exists or a revision number`);
}
