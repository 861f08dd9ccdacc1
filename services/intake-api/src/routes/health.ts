import type { FastifyInstance } from 'fastify';
import type { IntakeApiDeps } from '../app.ts';

export function registerHealthRoutes(app: FastifyInstance, { store, units }: Pick<IntakeApiDeps, 'store' | 'units'>) {
  app.get('/healthz', async () => ({ status: 'ok' }));
  // Ready when the store answers and the unit registry has caught up with it.
  app.get('/readyz', async (_request, reply) => {
    try {
      const head = await store.headPosition();
      await units.catchUp();
      return { status: 'ready', logHead: head ?? null, units: units.size() };
    } catch (error) {
      return reply.code(503).send({ status: 'not_ready', message: `the event store does not answer: ${(error as Error).message}` });
    }
  });
}
