import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { issueSession, validate, type Principal } from '@statledger/intake';
import type { IntakeApiDeps } from '../deps.ts';
import { clearSessionCookies, principalOf, setSessionCookies, type TokenSignIn } from '../authentication.ts';

const signIn = z.object({ token: z.string().min(1).max(512) });

/**
 * The console's sign-in: the token is pasted once and exchanged for an httpOnly, SameSite=Strict session cookie, so it
 * never sits in the browser's storage. GET tells the page who is signed in; DELETE signs out.
 */
export function registerSessionRoutes(
  app: FastifyInstance,
  deps: Pick<IntakeApiDeps, 'secret' | 'units'> & { signIn: TokenSignIn },
) {
  const describe = (principal: Principal) => ({
    ...principal,
    unitName: principal.unit === 'national' ? null : (deps.units.get(principal.unit)?.name ?? null),
  });

  app.post('/v1/session', async (request, reply) => {
    const { token } = validate(signIn, request.body);
    const principal = await deps.signIn(request, token);
    const session = issueSession(principal.id, deps.secret, new Date());
    setSessionCookies(reply, request, session);
    return { principal: describe(principal), expiresAt: session.expiresAt.toISOString() };
  });

  app.get('/v1/session', async (request) => ({ principal: request.principal ? describe(request.principal) : null }));

  app.delete('/v1/session', async (request, reply) => {
    principalOf(request);
    clearSessionCookies(reply);
    return { signedOut: true };
  });
}
