/** Errors of the intake layer; transports map them by class (HTTP 401/403/404/422, CLI exit codes). */
export class UnauthenticatedError extends Error {
  readonly code = 'UNAUTHENTICATED';
}

export class ForbiddenError extends Error {
  readonly code = 'FORBIDDEN';
}

export class NotFoundError extends Error {
  readonly code = 'NOT_FOUND';
}

/** The same Idempotency-Key was sent with a different request: answering with the first result would hide the change. */
export class IdempotencyKeyReusedError extends Error {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
}

/** A request that failed its zod schema; `issues` carry each field path and reason. */
export class RequestValidationError extends Error {
  readonly code = 'INVALID_REQUEST';
  constructor(readonly issues: { path: (string | number)[]; message: string }[]) {
    super(issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '));
  }
}
