import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKENS, apiFixture, type ApiFixture } from './api-fixture.ts';

const stream = 'target-rnd-RND_EXPENDITURE-110101001000-2025';

describe('annual targets over HTTP', () => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await apiFixture();
  });
  afterAll(async () => api?.close());

  it('records a target set through the API as the API’s, answers a retry once, and asks a revision for its reason', async () => {
    const target = { form: 'rnd', indicator: 'RND_EXPENDITURE', unitCode: '110101001', year: 2025, value: '1200' };
    expect((await api.call('POST', '/v1/targets', { token: TOKENS.reporter, body: target })).status).toBe(403);
    const headers = { 'idempotency-key': 'target-2025' };
    const set = await api.call('POST', '/v1/targets', { token: TOKENS.admin, body: target, headers });
    expect(set.status).toBe(201);
    expect(set.json).toMatchObject({ stream, replayed: false, events: [{ type: 'TargetSet' }] });
    const retried = await api.call('POST', '/v1/targets', { token: TOKENS.admin, body: target, headers });
    expect([retried.status, retried.json.replayed, retried.json.events[0].id]).toEqual([
      200,
      true,
      set.json.events[0].id,
    ]);

    const [recorded] = await api.runtime.store.readStream(stream);
    expect(recorded!.metadata).toMatchObject({ principal: 'admin', channel: 'api', idempotencyKey: 'target-2025' });
    expect(recorded!.metadata.correlationId).toBe(set.headers.get('x-request-id'));

    expect((await api.call('POST', '/v1/targets', { token: TOKENS.admin, body: target })).json).toEqual({
      stream,
      unchanged: true,
    });
    const revised = await api.call('POST', '/v1/targets', { token: TOKENS.admin, body: { ...target, value: '1300' } });
    expect([revised.status, revised.json.error]).toEqual([400, 'reason_required']);
    const withReason = await api.call('POST', '/v1/targets', {
      token: TOKENS.admin,
      body: { ...target, value: '1300', reason: '区政府调整任务' },
    });
    expect(withReason.json.events).toEqual([expect.objectContaining({ type: 'TargetRevised' })]);
    expect(
      (await api.call('POST', '/v1/targets', { token: TOKENS.admin, body: { ...target, year: 'x' } })).json.issues[0]
        .path,
    ).toEqual(['year']);
  });
});
