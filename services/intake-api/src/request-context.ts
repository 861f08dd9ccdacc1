import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { validate, type CommandContext } from '@statledger/intake';
import { principalOf } from './authentication.ts';

const idempotencyKey = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
  .optional();
/** A client's own request or correlation id: kept beside ours, never in its place, and only if it is plain. */
const clientRequestId = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/**
 * Who sends a command over HTTP, the server's request id as its correlation id, the client's own id (x-request-id
 * or x-correlation-id) as `clientRequestId` where it is plain text of at most 128 characters, and its Idempotency-Key.
 */
export function requestContext(request: FastifyRequest): Omit<CommandContext, 'expectedRevision'> {
  const key = validate(idempotencyKey, request.headers['idempotency-key'], ['header', 'Idempotency-Key']);
  const client = [request.headers['x-request-id'], request.headers['x-correlation-id']].find(
    (h): h is string => typeof h === 'string' && clientRequestId.test(h),
  );
  return {
    principal: principalOf(request),
    channel: 'api',
    correlationId: request.id,
    ...(client ? { clientRequestId: client } : {}),
    ...(key ? { idempotencyKey: key } : {}),
  };
}
