import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, InvalidReportError } from '@statledger/domain';
import { DuplicateEventIdError, StoreUnavailableError, WrongExpectedRevisionError } from '@statledger/event-store';
import { TooManyFailedAuthenticationsError } from './authentication.ts';
import {
  ForbiddenError,
  MalformedCsvError,
  IdempotencyKeyReusedError,
  NotFoundError,
  RequestValidationError,
  UnauthenticatedError,
} from '@statledger/intake';

/** A change over HTTP that does not say which revision it was made against (428 Precondition Required). */
export class RevisionRequiredError extends Error {}

interface ErrorBody {
  error: string;
  message: string;
  issues?: { path: (string | number)[]; message: string }[];
  [extra: string]: unknown;
}

/** One place where errors become HTTP answers; every answer says what went wrong and what to do. */
export function toHttpError(error: unknown): { status: number; body: ErrorBody; headers?: Record<string, string> } {
  if (error instanceof RequestValidationError)
    return { status: 400, body: { error: 'invalid_request', message: error.message, issues: error.issues } };
  if (error instanceof RevisionRequiredError)
    return { status: 428, body: { error: 'revision_required', message: error.message } };
  if (error instanceof MalformedCsvError)
    return { status: 400, body: { error: 'malformed_csv', message: error.message } };
  if (error instanceof InvalidReportError)
    return {
      status: 400,
      body: { error: 'invalid_report', message: error.message, issues: [{ path: error.path, message: error.message }] },
    };
  if (error instanceof UnauthenticatedError)
    return {
      status: 401,
      body: { error: 'unauthenticated', message: error.message },
      headers: { 'www-authenticate': 'Bearer' },
    };
  if (error instanceof TooManyFailedAuthenticationsError) {
    return {
      status: 429,
      body: { error: 'too_many_failed_authentications', message: error.message },
      headers: { 'retry-after': String(error.retryAfterSeconds) },
    };
  }
  if (error instanceof ForbiddenError) return { status: 403, body: { error: 'forbidden', message: error.message } };
  if (error instanceof NotFoundError) return { status: 404, body: { error: 'not_found', message: error.message } };
  if (error instanceof WrongExpectedRevisionError) {
    return {
      status: 409,
      body: {
        error: 'revision_conflict',
        message: error.message,
        stream: error.stream,
        expected: String(error.expected),
        actual: String(error.actual),
      },
    };
  }
  if (error instanceof IdempotencyKeyReusedError || error instanceof DuplicateEventIdError)
    return { status: 422, body: { error: 'idempotency_key_reused', message: error.message } };
  if (error instanceof DomainError) {
    const status =
      {
        NOT_PARENT_UNIT: 403,
        ILLEGAL_TRANSITION: 409,
        PLAN_NOT_FOUND: 404,
        PLAN_CLOSED: 409,
        APPEAL_NOT_FOUND: 404,
        APPEAL_DECIDED: 409,
        APPEALS_OPEN: 409,
      }[error.code] ?? 400;
    return { status, body: { error: error.code.toLowerCase(), message: error.message } };
  }
  if (error instanceof StoreUnavailableError) {
    const message = `${error.message}: send the request again (with the same Idempotency-Key, a change that did go through is answered as a retry)`;
    return { status: 503, body: { error: 'store_unavailable', message }, headers: { 'retry-after': '5' } };
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.statusCode && fastifyError.statusCode < 500) {
    const message =
      fastifyError.statusCode === 413
        ? `${fastifyError.message}; split the upload or raise the limit`
        : fastifyError.message;
    return {
      status: fastifyError.statusCode,
      body: { error: (fastifyError.code ?? 'bad_request').toLowerCase(), message },
    };
  }
  return {
    status: 500,
    body: { error: 'internal', message: 'statledger could not complete the request; it is logged with the request id' },
  };
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const { status, body, headers } = toHttpError(error);
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ status, error: body.error }, body.message);
  void reply
    .code(status)
    .headers(headers ?? {})
    .send({ ...body, requestId: request.id });
}
