import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  ForbiddenError,
  UnauthenticatedError,
  readSession,
  sameText,
  type Principal,
  type PrincipalDirectory,
} from '@statledger/intake';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who sent a /v1 request, established before anything else about it is looked at. */
    principal: Principal | null;
  }
}

/** Failed authentications a client address may make per window before it is shut out for the rest of it. */
export interface AuthenticationLimits {
  failures: number;
  windowMs: number;
}

export const DEFAULT_AUTHENTICATION_LIMITS: AuthenticationLimits = { failures: 20, windowMs: 60_000 };

/** The console's session cookie (httpOnly) and the CSRF token's cookie (read by the page, sent back in a header). */
export const SESSION_COOKIE = 'statledger_session';
export const CSRF_COOKIE = 'statledger_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export class TooManyFailedAuthenticationsError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(
      `too many requests with unknown tokens from this address; try again in ${retryAfterSeconds} s with a valid token`,
    );
  }
}

/** Signs in with a token (counted against the address's failures like any other attempt). */
export type TokenSignIn = (request: FastifyRequest, token: string) => Promise<Principal>;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every /v1 request is authenticated first, before its parameters, headers or body are read: an unknown token
 * gets 401 whatever else is wrong with the request. A request carries a bearer token, or the console's session
 * cookie; with the cookie, a request that changes something must also carry the session's CSRF token in a header.
 * Failed attempts are counted per client address (@fastify/rate-limit); past the limit the address gets 429 for the
 * rest of the window, valid token or not, so tokens cannot be guessed at speed, and each blocked address is logged.
 */
export async function registerAuthentication(
  app: FastifyInstance,
  principals: PrincipalDirectory,
  limits: AuthenticationLimits,
  secret: Uint8Array,
): Promise<TokenSignIn> {
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  const countFailure = app.createRateLimit({
    max: limits.failures,
    timeWindow: limits.windowMs,
    keyGenerator: (request) => request.ip,
  });
  const blockedUntil = new Map<string, number>();
  app.decorateRequest('principal', null);

  const refuseUnlessBlocked = (request: FastifyRequest) => {
    const until = blockedUntil.get(request.ip);
    if (until !== undefined && until > Date.now())
      throw new TooManyFailedAuthenticationsError(Math.ceil((until - Date.now()) / 1000));
    if (until !== undefined) blockedUntil.delete(request.ip);
  };
  /** Counts a failed attempt and throws what the client is told: 401, or 429 once the address is past its limit. */
  const failed = async (request: FastifyRequest, error: UnauthenticatedError): Promise<never> => {
    const counted = await countFailure(request);
    // isAllowed means "on the allow list"; the count is in isExceeded.
    if (counted.isAllowed || !counted.isExceeded) throw error;
    blockedUntil.set(request.ip, Date.now() + counted.ttl);
    request.log.warn(
      { client: request.ip, failures: counted.max, windowMs: limits.windowMs },
      'client address blocked after repeated failed authentication',
    );
    throw new TooManyFailedAuthenticationsError(counted.ttlInSeconds);
  };
  const attempt = async (request: FastifyRequest, authenticate: () => Principal): Promise<Principal> => {
    try {
      return authenticate();
    } catch (error) {
      if (!(error instanceof UnauthenticatedError)) throw error;
      return failed(request, error);
    }
  };

  const fromSession = (request: FastifyRequest, value: string): Principal => {
    const session = readSession(value, secret, new Date());
    const principal = session && principals.byId(session.principalId);
    if (!session || !principal)
      throw new UnauthenticatedError('the session has expired or is not valid; sign in again');
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameText(sent, session.csrf)) {
        throw new ForbiddenError(
          `a change made with the session cookie carries its CSRF token in the ${CSRF_HEADER} header`,
        );
      }
    }
    return principal;
  };

  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/v1/')) return;
    refuseUnlessBlocked(request);
    // Signing in is how a session is had: the route checks the token itself.
    if (request.method === 'POST' && request.url === '/v1/session') return;
    const session = request.cookies[SESSION_COOKIE];
    // Asking who is signed in, with no credentials at all, is answered (nobody), not refused.
    if (
      request.method === 'GET' &&
      request.url === '/v1/session' &&
      !session &&
      request.headers.authorization === undefined
    )
      return;
    request.principal = await attempt(request, () =>
      request.headers.authorization === undefined && session
        ? fromSession(request, session)
        : principals.authenticate(request.headers.authorization),
    );
  });

  return (request, token) => {
    refuseUnlessBlocked(request);
    return attempt(request, () => principals.authenticate(`Bearer ${token}`));
  };
}

/** The principal the authentication hook established for this /v1 request. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal)
    throw new UnauthenticatedError('send an Authorization: Bearer <token> header, or sign in to the console');
  return request.principal;
}

/** Sets the session's two cookies: the session itself out of the page's reach, the CSRF token within it. */
export function setSessionCookies(
  reply: FastifyReply,
  request: FastifyRequest,
  session: { session: string; csrf: string; expiresAt: Date },
) {
  const common = {
    path: '/',
    sameSite: 'strict' as const,
    secure: request.protocol === 'https',
    expires: session.expiresAt,
  };
  void reply.setCookie(SESSION_COOKIE, session.session, { ...common, httpOnly: true });
  void reply.setCookie(CSRF_COOKIE, session.csrf, { ...common, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply) {
  for (const name of [SESSION_COOKIE, CSRF_COOKIE]) void reply.clearCookie(name, { path: '/' });
}
