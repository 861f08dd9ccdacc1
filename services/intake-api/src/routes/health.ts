import type { FastifyInstance } from 'fastify';
import type { IntakeApiDeps } from '../deps.ts';

export function registerHealthRoutes(
  app: FastifyInstance,
  { store, readiness }: Pick<IntakeApiDeps, 'store' | 'readiness'>,
) {
  app.get('/healthz', async () => ({ status: 'ok' }));
  // Ready when the store answers and the API's followers have caught up (readiness says how far they are).
  app.get('/readyz', async (_request, reply) => {
    try {
      if (!readiness) return { status: 'ready', logHead: (await store.headPosition()) ?? null };
      const { ready, body } = await readiness();
      return reply.code(ready ? 200 : 503).send(body);
    } catch (error) {
      return reply
        .code(503)
        .send({ status: 'not_ready', message: `the event store does not answer: ${(error as Error).message}` });
    }
  });
}
