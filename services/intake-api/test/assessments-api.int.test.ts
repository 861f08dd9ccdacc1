import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKENS, apiFixture, type ApiFixture } from './api-fixture.ts';

const key = { root: '1101', period: '2025' };

describe('assessments over HTTP, by role', () => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await apiFixture();
  });
  afterAll(async () => api?.close());

  it('lets an assessor score, decide and publish, and a unit see its own card and appeal it', async () => {
    const path = '/v1/assessments/sanitation-statistics';
    const card = await api.call('GET', `${path}?root=1101&period=2025`, { token: TOKENS.auditor });
    expect(card.status).toBe(200);
    expect(card.json.units.map((u: { unit: string }) => u.unit)).toEqual(['110101000000']);

    const line = {
      ...key,
      unit: '110101',
      indicator: 'LEDGER',
      score: '4.5',
      reason: '台账健全',
      evidence: [{ sha256: 'b'.repeat(64), description: '现场核查记录' }],
    };
    expect((await api.call('POST', `${path}/records`, { token: TOKENS.reporter, body: line })).status).toBe(403);
    expect(
      (await api.call('POST', `${path}/records`, { token: TOKENS.auditor, body: { ...line, score: '9' } })).status,
    ).toBe(400);
    expect((await api.call('POST', `${path}/records`, { token: TOKENS.auditor, body: line })).status).toBe(201);

    // The district's reporter sees its own card (and rank), contests a line, and cannot publish.
    const own = await api.call('GET', `${path}?root=1101&period=2025`, { token: TOKENS.reporter });
    expect(own.json.units[0].lines.find((l: { indicator: string }) => l.indicator === 'LEDGER')).toMatchObject({
      score: 4.5,
      source: 'assessed',
    });
    const appeal = await api.call('POST', `${path}/appeals`, {
      token: TOKENS.reporter,
      body: { ...key, unit: '110101', indicator: 'LEDGER', reason: '原始记录已补齐' },
    });
    expect(appeal.status).toBe(201);
    expect((await api.call('POST', `${path}/publish`, { token: TOKENS.reporter, body: key })).status).toBe(403);
    expect((await api.call('POST', `${path}/publish`, { token: TOKENS.auditor, body: key })).json.error).toBe(
      'appeals_open',
    );

    const decided = await api.call('POST', `${path}/appeals/${appeal.json.appealId}/decision`, {
      token: TOKENS.auditor,
      body: { ...key, decision: 'upheld', reason: '补充材料属实', score: '5' },
    });
    expect(decided.status).toBe(200);
    const published = await api.call('POST', `${path}/publish`, { token: TOKENS.auditor, body: key });
    expect(published.json.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const notice = await api.call('GET', `${path}/notice?root=1101&period=2025`, { token: TOKENS.reporter });
    expect(notice.headers.get('content-type')).toMatch(/text\/html/);
    expect(notice.text).toContain(published.json.contentHash);
    expect(
      (await api.call('GET', `${path}/verify?root=1101&period=2025`, { token: TOKENS.approver })).json.notices,
    ).toEqual([expect.objectContaining({ contentHash: published.json.contentHash, intact: true, reproduced: true })]);
  });
});
