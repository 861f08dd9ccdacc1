import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { UnauthenticatedError, type Principal, type PrincipalDirectory } from '@statledger/intake';

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

export class TooManyFailedAuthenticationsError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`too many requests with unknown tokens from this address; try again in ${retryAfterSeconds} s with a valid token`);
  }
}

/**
 * Every /v1 request is authenticated first, before its parameters, headers or body are read: an unknown token
 * gets 401 whatever else is wrong with the request. Failed attempts are counted per client address
 * (@fastify/rate-limit); past the limit the address gets 429 for the rest of the window, valid token or not,
 * so tokens cannot be guessed at speed, and each blocked address is logged once per window.
 */
export async function registerAuthentication(app: FastifyInstance, principals: PrincipalDirectory, limits: AuthenticationLimits) {
  await app.register(rateLimit, { global: false });
  const countFailure = app.createRateLimit({ max: limits.failures, timeWindow: limits.windowMs, keyGenerator: (request) => request.ip });
  const blockedUntil = new Map<string, number>();
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/v1/')) return;
    const until = blockedUntil.get(request.ip);
    if (until !== undefined && until > Date.now()) throw new TooManyFailedAuthenticationsError(Math.ceil((until - Date.now()) / 1000));
    if (until !== undefined) blockedUntil.delete(request.ip);
    try {
      request.principal = principals.authenticate(request.headers.authorization);
    } catch (error) {
      if (!(error instanceof UnauthenticatedError)) throw error;
      const counted = await countFailure(request);
      // isAllowed means "on the allow list"; the count is in isExceeded.
      if (counted.isAllowed || !counted.isExceeded) throw error;
      blockedUntil.set(request.ip, Date.now() + counted.ttl);
      request.log.warn({ client: request.ip, failures: counted.max, windowMs: limits.windowMs }, 'client address blocked after repeated failed authentication');
      throw new TooManyFailedAuthenticationsError(counted.ttlInSeconds);
    }
  });
}

/** The principal the authentication hook established for this /v1 request. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthenticatedError('send an Authorization: Bearer <token> header');
  return request.principal;
}
