import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { CONSOLE_DIST } from '@statledger/console';

/**
 * The web console at /: its built files (hashed names, cached for good), and index.html for every other path that is
 * not the API, so the console's own routes load on a reload. Nothing is fetched from elsewhere at run time.
 */
export async function registerConsole(app: FastifyInstance, root = CONSOLE_DIST): Promise<void> {
  const built = existsSync(join(root, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      setHeaders: (reply, path) =>
        void reply.header(
          'cache-control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        ),
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const page =
      request.method === 'GET' && !request.url.startsWith('/v1/') && request.headers.accept?.includes('text/html');
    if (page && built) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    if (page)
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send(
          'The console is not built: run `npx -y pnpm@10 install` (which builds it) or `npx -y pnpm@10 --filter @statledger/console build`.',
        );
    return reply.code(404).send({
      error: 'not_found',
      message: `no route ${request.method} ${request.url.split('?')[0]}`,
      requestId: request.id,
    });
  });
}
