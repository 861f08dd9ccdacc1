import { describe, expect, it } from 'vitest';
import { StoreUnavailableError, WrongExpectedRevisionError } from '@statledger/event-store';
import { toHttpError } from '../src/error-mapping.ts';

describe('errors as HTTP answers', () => {
  it('tells a client whose store is failing over to send the request again, with a Retry-After', () => {
    const answer = toHttpError(new StoreUnavailableError('PostgreSQL: Connection terminated unexpectedly'));
    expect(answer).toMatchObject({
      status: 503,
      body: { error: 'store_unavailable' },
      headers: { 'retry-after': '5' },
    });
    expect(answer.body.message).toMatch(/same Idempotency-Key/);
  });

  it('answers a stale revision with 409 naming both revisions', () => {
    expect(toHttpError(new WrongExpectedRevisionError('report-x', 2n, 3n))).toMatchObject({
      status: 409,
      body: { expected: '2', actual: '3' },
    });
  });
});
