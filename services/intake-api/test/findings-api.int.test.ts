import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runQualityWorker } from '@statledger/quality';
import { TOKENS, apiFixture, type ApiFixture } from './api-fixture.ts';

const report = 'report-sanitation-110101001001-2025-03';
const sanitationValues = {
  SAN_ROAD_AREA: '3.2',
  SAN_WASTE_COLLECTED: '160',
  SAN_WASTE_HARMLESS: '150',
  SAN_NIGHT_SOIL: '21.5',
  SAN_PUBLIC_TOILETS: '6',
  SAN_CLEANERS: '18',
};

describe('findings as work over HTTP', () => {
  let api: ApiFixture;
  const check = () => {
    const { runtime } = api;
    return runQualityWorker({
      store: runtime.store,
      checkpoints: runtime.projections.checkpoints,
      catalogue: runtime.catalogue,
      sources: runtime.sourceRegistry,
      stopWhenCaughtUp: true,
    });
  };
  beforeAll(async () => {
    api = await apiFixture();
    // 60,000 t of construction waste in one village: beyond what a village reports (50,000 t), so an error.
    const body = {
      form: 'sanitation',
      unitCode: '110101001001',
      period: '2025-03',
      values: { ...sanitationValues, SAN_CONSTRUCTION_WASTE: '60000' },
    };
    expect((await api.call('POST', '/v1/reports', { token: TOKENS.admin, body })).status).toBe(201);
    await check();
  });
  afterAll(async () => api?.close());

  it('queues the finding, takes each step from whom it belongs to, and shows the steps in the report’s history', async () => {
    const queue = await api.call('GET', '/v1/findings?under=110101&period=2025-03&code=IMPLAUSIBLE_VALUE', {
      token: TOKENS.reporter,
    });
    expect(queue.status).toBe(200);
    expect(queue.json.items).toEqual([
      expect.objectContaining({
        unit: '110101001001',
        unitName: '多福巷社区居委会',
        code: 'IMPLAUSIBLE_VALUE',
        severity: 'error',
        indicator: 'SAN_CONSTRUCTION_WASTE',
        status: 'open',
        value: '60000',
        deviation: 10_000,
      }),
    ]);
    const id = queue.json.items[0].findingId as string;
    expect(queue.json.items[0].dueAt).toMatch(/T16:00:00.000Z$/);

    const explanation = {
      explanation: '三月拆迁工程集中清运',
      evidence: [{ sha256: 'c'.repeat(64), description: '清运合同' }],
    };
    expect(
      (await api.call('POST', `/v1/findings/${id}/explain`, { token: TOKENS.approver, body: explanation })).status,
    ).toBe(403);
    expect(
      (await api.call('POST', `/v1/findings/${id}/explain`, { token: TOKENS.reporter, body: { explanation: '' } })).json
        .issues[0].path,
    ).toEqual(['explanation']);
    expect(
      (await api.call('POST', `/v1/findings/${id}/explain`, { token: TOKENS.reporter, body: explanation })).status,
    ).toBe(201);
    expect((await api.call('POST', `/v1/findings/${id}/accept`, { token: TOKENS.reporter, body: {} })).status).toBe(
      403,
    );
    // The township's approver has it waiting: an explanation to review below it.
    expect(
      (await api.call('GET', '/v1/findings/mine', { token: TOKENS.approver })).json.items.map(
        (i: { findingId: string }) => i.findingId,
      ),
    ).toEqual([id]);
    const accepted = await api.call('POST', `/v1/findings/${id}/accept`, {
      token: TOKENS.approver,
      body: { note: '合同属实' },
    });
    expect(accepted.status).toBe(201);
    expect((await api.call('POST', `/v1/findings/${id}/accept`, { token: TOKENS.approver, body: {} })).json.error).toBe(
      'illegal_transition',
    );
    await check();

    const finding = await api.call('GET', `/v1/findings/${id}`, { token: TOKENS.reporter });
    expect(finding.json).toMatchObject({
      status: 'accepted',
      resolvedReason: 'confirmed by an accepted explanation',
      explanationDetail: { text: '三月拆迁工程集中清运', by: 'dongcheng-reporter' },
    });
    expect(finding.json.steps.map((s: { type: string }) => s.type)).toEqual([
      'QualityFindingRaised',
      'FindingExplained',
      'FindingExplanationAccepted',
      'QualityFindingResolved',
    ]);
    const history = await api.call('GET', `/v1/reports/${report}/history`, { token: TOKENS.auditor });
    expect(
      history.json.events
        .filter((e: { source: string }) => e.source === 'followup')
        .map((e: { type: string }) => e.type),
    ).toEqual(['FindingExplained', 'FindingExplanationAccepted']);
    expect(history.json.integrity.ok).toBe(true);

    const trend = await api.call('GET', '/v1/findings/trend?under=110101&form=sanitation', { token: TOKENS.auditor });
    expect(trend.json.byPeriod).toEqual([expect.objectContaining({ period: '2025-03', explained: 1, accepted: 1 })]);
    const csv = await api.call('GET', '/v1/findings?under=110101&state=all&format=csv', { token: TOKENS.auditor });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.text.split('\n')[0]).toContain('findingId');
    expect(csv.text).toContain(id);
  });

  it('answers bad queries with the field and the reason, and keeps other subtrees out', async () => {
    expect((await api.call('GET', '/v1/findings?state=bogus', { token: TOKENS.auditor })).json.issues[0].path).toEqual([
      'state',
      0,
    ]);
    expect(
      (await api.call('GET', '/v1/findings?cursor=bm90LWEtY3Vyc29y', { token: TOKENS.auditor })).json.issues[0].path,
    ).toEqual(['cursor']);
    expect((await api.call('GET', '/v1/findings?under=110102', { token: TOKENS.reporter })).status).toBe(403);
    expect((await api.call('GET', '/v1/findings', {})).status).toBe(401);
    expect((await api.call('GET', '/v1/findings/no-such-finding', { token: TOKENS.auditor })).status).toBe(404);
  });
});
