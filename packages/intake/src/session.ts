import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a console session lasts after sign-in. */
export const SESSION_TTL_MS = 8 * 3_600_000;

export interface IssuedSession {
  /** The session cookie's value: who, until when, a nonce, and a MAC under the server secret. */
  session: string;
  /** The CSRF token that goes with it: a MAC of the session, sent back by the page in a header with every change. */
  csrf: string;
  expiresAt: Date;
}

const mac = (secret: Uint8Array, purpose: string, text: string) =>
  createHmac('sha256', secret).update(`${purpose}:${text}`).digest('base64url');

/**
 * A session for a principal who signed in with their token. Stateless, so any API node of the deployment (they share
 * the server secret) accepts it; the token itself is never stored in the browser.
 */
export function issueSession(
  principalId: string,
  secret: Uint8Array,
  now: Date,
  ttlMs = SESSION_TTL_MS,
): IssuedSession {
  const expiresAt = new Date(now.getTime() + ttlMs);
  const payload = `${Buffer.from(principalId).toString('base64url')}.${Math.floor(expiresAt.getTime() / 1000)}.${randomBytes(12).toString('base64url')}`;
  const session = `${payload}.${mac(secret, 'session', payload)}`;
  return { session, csrf: mac(secret, 'csrf', session), expiresAt };
}

/** The principal id of a genuine session that has not expired, and its CSRF token; null for anything else. */
export function readSession(
  value: string,
  secret: Uint8Array,
  now: Date,
): { principalId: string; csrf: string } | null {
  const parts = value.split('.');
  if (parts.length !== 4) return null;
  const payload = parts.slice(0, 3).join('.');
  if (!sameText(parts[3]!, mac(secret, 'session', payload))) return null;
  if (Number(parts[1]) * 1000 <= now.getTime()) return null;
  return { principalId: Buffer.from(parts[0]!, 'base64url').toString(), csrf: mac(secret, 'csrf', value) };
}

/** Equal texts, compared in constant time. */
export function sameText(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}
