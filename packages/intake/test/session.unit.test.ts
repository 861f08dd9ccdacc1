import { describe, expect, it } from 'vitest';
import { issueSession, readSession } from '../src/index.ts';

const secret = Buffer.alloc(32, 7);
const now = new Date('2026-11-30T02:00:00Z');

describe('console sessions', () => {
  it('names the principal until the session expires, with the CSRF token that goes with it', () => {
    const { session, csrf, expiresAt } = issueSession('dongcheng-reporter', secret, now);
    expect(expiresAt.toISOString()).toBe('2026-11-30T10:00:00.000Z');
    expect(readSession(session, secret, new Date('2026-11-30T09:59:00Z'))).toEqual({
      principalId: 'dongcheng-reporter',
      csrf,
    });
    expect(readSession(session, secret, expiresAt)).toBeNull();
  });

  it('refuses a session made with another secret, or altered to name someone else or last longer', () => {
    const { session } = issueSession('dongcheng-reporter', secret, now);
    expect(readSession(session, Buffer.alloc(32, 8), now)).toBeNull();
    const [, expires, nonce, mac] = session.split('.');
    expect(
      readSession([Buffer.from('admin').toString('base64url'), expires, nonce, mac].join('.'), secret, now),
    ).toBeNull();
    const [id] = session.split('.');
    expect(readSession([id, String(Number(expires) + 86_400), nonce, mac].join('.'), secret, now)).toBeNull();
    expect(readSession('garbage', secret, now)).toBeNull();
  });

  it('gives each sign-in its own session and CSRF token', () => {
    const [a, b] = [issueSession('x', secret, now), issueSession('x', secret, now)];
    expect(a.session).not.toBe(b.session);
    expect(a.csrf).not.toBe(b.csrf);
  });
});
