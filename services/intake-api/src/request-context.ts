import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { validate, type CommandContext, type PrincipalDirectory } from '@statledger/intake';

const idempotencyKey = z.string().min(1).max(200).optional();

/** Who sends a command over HTTP, its correlation id (x-correlation-id, else the request id) and its Idempotency-Key. */
export function requestContext(principals: PrincipalDirectory, request: FastifyRequest): Omit<CommandContext, 'expectedRevision'> {
  const key = validate(idempotencyKey, request.headers['idempotency-key']);
  const correlation = request.headers['x-correlation-id'];
  return {
    principal: principals.authenticate(request.headers.authorization),
    channel: 'api',
    correlationId: typeof correlation === 'string' && correlation ? correlation : request.id,
    ...(key ? { idempotencyKey: key } : {}),
  };
}
