import { hash } from 'node:crypto';

/** Namespace of statledger's name-based ids (RFC 4122 §4.3 UUID v5). */
const STATLEDGER_NAMESPACE = Buffer.from('5f1f6c1e9b2a4c4e8f3d2a7b6c5d4e3f', 'hex');

/**
 * A UUID v5 derived from a name: the same input gives the same event id in every process,
 * which makes re-running an import or a processor idempotent.
 */
export function uuidFromName(name: string): string {
  // One-shot hashing: a Hash object per id cost more than the digest itself.
  const bytes = hash(
    'sha1',
    Buffer.concat([STATLEDGER_NAMESPACE, Buffer.from(name, 'utf8')]),
    'buffer',
  ) as unknown as Buffer;
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex', 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
