import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKENS, client, workspace } from './serve-fixture.ts';

const values = {
  SAN_ROAD_AREA: 3.2,
  SAN_WASTE_COLLECTED: '186.4',
  SAN_WASTE_HARMLESS: '186.4',
  SAN_NIGHT_SOIL: '21.5',
  SAN_CONSTRUCTION_WASTE: '40',
  SAN_PUBLIC_TOILETS: 6,
  SAN_CLEANERS: 18,
};
const report = { form: 'sanitation', unitCode: '110101001001', period: '2025-03', values };
const id = 'report-sanitation-110101001001-2025-03';

describe('intake over real HTTP (statledger serve on localhost)', () => {
  const ws = workspace();
  let call: ReturnType<typeof client>;
  let stop: () => Promise<unknown>;
  // The history also shows the quality engine's findings; these tests count the report's own events.
  const reportEvents = (history: { json: Record<string, any> }) =>
    (history.json.events ?? []).filter((e: { source: string }) => e.source === 'report');
  const eventCount = async () =>
    reportEvents(await call('GET', `/v1/reports/${id}/history`, { token: TOKENS.admin })).length;

  beforeAll(async () => {
    const server = await ws.serve();
    call = client(server.url);
    stop = () => server.child.kill('SIGTERM');
    const units = await call('POST', '/v1/imports/units', {
      token: TOKENS.admin,
      csv: readFileSync(new URL('../../../examples/units.csv', import.meta.url), 'utf8'),
    });
    expect(units.json).toMatchObject({ registered: 10, errors: [] });
  });
  afterAll(async () => stop());

  it('answers health and readiness', async () => {
    expect((await call('GET', '/healthz')).status).toBe(200);
    // Ready once the unit registry and the statistics projection have caught up with the log (a moment after start).
    let ready = await call('GET', '/readyz');
    for (let i = 0; i < 50 && ready.status !== 200; i++)
      ready = await new Promise((r) => setTimeout(r, 100)).then(() => call('GET', '/readyz'));
    expect(ready).toMatchObject({
      status: 200,
      json: {
        status: 'ready',
        units: { count: 10, caughtUp: true },
        followers: { 'stats-projector': { behind: expect.any(Number) } },
      },
    });
  });

  it('takes a submission (201) and shows it in the history with its principal and channel', async () => {
    const res = await call('POST', '/v1/reports', { token: TOKENS.reporter, body: report });
    expect(res).toMatchObject({
      status: 201,
      json: { reportId: id, revision: 0, replayed: false, events: [{ type: 'ReportSubmitted', revision: 0 }] },
    });
    const history = await call('GET', `/v1/reports/${id}/history`, { token: TOKENS.reporter });
    expect(history.json.events[0]).toMatchObject({
      type: 'ReportSubmitted',
      data: { values: { SAN_ROAD_AREA: '3.2', SAN_PUBLIC_TOILETS: '6' } },
      metadata: { principal: 'dongcheng-reporter', channel: 'api' },
    });
  });

  it('takes a correction at the revision the reporter saw, and answers 409 to a stale one', async () => {
    const correction = {
      values: { ...values, SAN_WASTE_COLLECTED: '190.4' },
      reason: '按台账更正',
      expectedRevision: 0,
    };
    expect(
      await call('POST', `/v1/reports/${id}/corrections`, { token: TOKENS.reporter, body: correction }),
    ).toMatchObject({ status: 200, json: { revision: 1 } });
    const stale = await call('POST', `/v1/reports/${id}/corrections`, { token: TOKENS.reporter, body: correction });
    expect(stale).toMatchObject({ status: 409, json: { error: 'revision_conflict', expected: '0', actual: '1' } });
    expect(await eventCount()).toBe(2);
    // A correction of one indicator keeps the others.
    const partial = await call('POST', `/v1/reports/${id}/corrections`, {
      token: TOKENS.reporter,
      body: { values: { SAN_WASTE_COLLECTED: '152.2' }, reason: '按台账更正', expectedRevision: 1 },
    });
    expect(partial).toMatchObject({ status: 200, json: { revision: 2 } });
    expect((await call('GET', `/v1/reports/${id}`, { token: TOKENS.reporter })).json.values).toMatchObject({
      SAN_WASTE_COLLECTED: '152.2',
      SAN_NIGHT_SOIL: '21.5',
    });
  });

  it('answers 403 to a reporter outside its subtree and writes nothing', async () => {
    const res = await call('POST', '/v1/reports', {
      token: TOKENS.reporter,
      body: { ...report, unitCode: '110102001001' },
    });
    expect(res).toMatchObject({
      status: 403,
      json: { error: 'forbidden', message: expect.stringMatching(/outside that subtree/) },
    });
    expect(
      (await call('GET', '/v1/reports/report-sanitation-110102001001-2025-03/history', { token: TOKENS.admin })).status,
    ).toBe(404);
  });

  it('refuses a period before the form started or not ended yet with 400 on the period', async () => {
    const next = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 7);
    for (const period of ['1999-12', next]) {
      const res = await call('POST', '/v1/reports', { token: TOKENS.reporter, body: { ...report, period } });
      expect(res).toMatchObject({ status: 400, json: { issues: [{ path: ['period'] }] } });
    }
  });

  it('answers a malformed CSV with 400 naming what is wrong, not a blank 500', async () => {
    const semicolons = 'form;unitCode;period;SAN_ROAD_AREA\nsanitation;110101001001;2025-03;1\n';
    expect(await call('POST', '/v1/imports/reports', { token: TOKENS.admin, csv: semicolons })).toMatchObject({
      status: 400,
      json: { error: 'malformed_csv', message: expect.stringMatching(/line 1: the header lacks form/) },
    });
  });

  it('answers 400 with the zod issue path and reason', async () => {
    const res = await call('POST', '/v1/reports', {
      token: TOKENS.reporter,
      body: { ...report, period: '2025-04', values: { ...values, SAN_WASTE_COLLECTED: 'abc' } },
    });
    expect(res.status).toBe(400);
    expect(res.json.issues).toEqual([
      { path: ['values', 'SAN_WASTE_COLLECTED'], message: expect.stringMatching(/'abc' is not a decimal number/) },
    ]);
  });

  it('answers a retry with the same Idempotency-Key with the first result and appends nothing', async () => {
    const body = { ...report, unitCode: '110101001002' };
    const headers = { 'idempotency-key': 'upload-2025-03-0002' };
    const first = await call('POST', '/v1/reports', { token: TOKENS.reporter, body, headers });
    const retry = await call('POST', '/v1/reports', { token: TOKENS.reporter, body, headers });
    expect(first.status).toBe(201);
    expect(retry).toMatchObject({ status: 200, json: { ...first.json, replayed: true } });
    const other = await call('POST', '/v1/reports', {
      token: TOKENS.reporter,
      body: { ...body, values: { ...values, SAN_CLEANERS: 19 } },
      headers,
    });
    expect(other.status).toBe(422);
    const history = await call('GET', '/v1/reports/report-sanitation-110101001002-2025-03/history', {
      token: TOKENS.admin,
    });
    expect(reportEvents(history)).toHaveLength(1);
  });

  it('lets the parent township return and approve; the reporter cannot approve', async () => {
    const revision = async () =>
      (await call('GET', `/v1/reports/${id}`, { token: TOKENS.approver })).json.revision as number;
    expect(
      (
        await call('POST', `/v1/reports/${id}/approve`, {
          token: TOKENS.reporter,
          body: { expectedRevision: await revision() },
        })
      ).status,
    ).toBe(403);
    expect(
      await call('POST', `/v1/reports/${id}/return`, {
        token: TOKENS.approver,
        body: { comment: '无害化处理量待核', expectedRevision: await revision() },
      }),
    ).toMatchObject({ status: 200, json: { events: [{ type: 'ReportReturned' }] } });
    expect(
      (
        await call('POST', `/v1/reports/${id}/approve`, {
          token: TOKENS.approver,
          body: { expectedRevision: await revision() },
        })
      ).status,
    ).toBe(409);
    await call('POST', `/v1/reports/${id}/corrections`, {
      token: TOKENS.reporter,
      body: { values, reason: '复核', expectedRevision: await revision() },
    });
    expect(
      await call('POST', `/v1/reports/${id}/approve`, {
        token: TOKENS.approver,
        body: { expectedRevision: await revision() },
      }),
    ).toMatchObject({ status: 200, json: { revision: 5 } });
    // Without the revision its author saw, a change is not taken: it could overwrite someone else's.
    expect(
      await call('POST', `/v1/reports/${id}/reopen`, { token: TOKENS.approver, body: { reason: '抽查' } }),
    ).toMatchObject({ status: 428, json: { error: 'revision_required' } });
    expect(await call('GET', `/v1/reports/${id}`, { token: TOKENS.reporter })).toMatchObject({
      status: 200,
      json: { status: 'approved', revision: 5, corrections: 3 },
    });
  });

  it('imports a CSV with good and bad rows, naming each bad row', async () => {
    const csv = readFileSync(new URL('../../../examples/reports.csv', import.meta.url), 'utf8')
      .replace(/2025-03/g, '2025-05')
      .replace('2025-3', '2025-5');
    const res = await call('POST', '/v1/imports/reports', { token: TOKENS.reporter, csv });
    expect(res.status).toBe(200);
    expect(res.json.reports).toEqual({ appended: 5, alreadyImported: 0, rejected: 2 });
    expect(res.json.errors.map((e: { line: number }) => e.line)).toEqual([7, 8]);
    expect(res.json.errors[0].message).toMatch(/invalid period '2025-5'/);
  });

  it('shows quality per unit and period, within the principal’s subtree', async () => {
    const res = await call('GET', '/v1/quality?unit=110101001&period=2025-03&form=sanitation', {
      token: TOKENS.approver,
    });
    expect(res.status).toBe(200);
    // 东华门街道 reports itself and has four villages: the subtree expects 5 reports, its direct children 4.
    expect(res.json).toMatchObject({
      unit: '110101001000',
      period: '2025-03',
      forms: [{ form: 'sanitation', subtree: { rates: { expected: 5 } }, directChildren: { expected: 4 } }],
    });
    expect(res.json.forms[0].subtree.rates.received).toBeGreaterThanOrEqual(2);
    expect((await call('GET', '/v1/quality?unit=110102&period=2025-03', { token: TOKENS.approver })).status).toBe(403);
    expect(await call('GET', '/v1/quality?unit=110101&period=2025-13', { token: TOKENS.approver })).toMatchObject({
      status: 400,
      json: { issues: [{ path: ['period'] }] },
    });
  });

  it('has the quality worker in serve check a live submission on its own: harmless above collected is flagged', async () => {
    const bad = { ...report, unitCode: '110101001005', values: { ...values, SAN_WASTE_HARMLESS: '190' } };
    expect((await call('POST', '/v1/reports', { token: TOKENS.reporter, body: bad })).status).toBe(201);
    let codes: string[] = [];
    for (let i = 0; i < 50 && !codes.includes('RULE_VIOLATION'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const summary = await call('GET', '/v1/quality?unit=110101001005&period=2025-03&form=sanitation', {
        token: TOKENS.approver,
      });
      codes = (summary.json.forms[0].own?.findings ?? []).map((f: { code: string }) => f.code);
    }
    expect(codes).toContain('RULE_VIOLATION');
  });

  it('rolls figures up through the tiers, now and as of an earlier log position', async () => {
    const now = await call('GET', '/v1/stats/sanitation?unit=110101001&period=2025-03', { token: TOKENS.approver });
    expect(now.status).toBe(200);
    expect(now.json.figure).toMatchObject({ unit: '110101001000', tier: 'subdistrict', expected: 4 });
    const first = (await call('GET', `/v1/reports/${id}/history`, { token: TOKENS.admin })).json.events[0];
    const then = await call(
      'GET',
      `/v1/stats/sanitation?unit=110101001&period=2025-03&asOfPosition=${BigInt(first.position)}`,
      { token: TOKENS.approver },
    );
    // At the first submission only that village's report existed: 186.4 t collected, 1 of 4 reports.
    expect(then.json.figure).toMatchObject({
      received: 1,
      values: { SAN_WASTE_COLLECTED: '186.4' },
      status: 'provisional',
    });
    expect(
      await call('GET', '/v1/stats/sanitation?unit=110101001&period=2025-03&asOf=yesterday', {
        token: TOKENS.approver,
      }),
    ).toMatchObject({ status: 400, json: { issues: [{ path: ['asOf'] }] } });
    // A date alone is the start of that day in Asia/Shanghai, as in the CLI.
    expect(
      await call('GET', '/v1/stats/sanitation?unit=110101001&period=2025-03&asOf=2099-01-01', {
        token: TOKENS.approver,
      }),
    ).toMatchObject({ status: 200, json: { figure: { received: expect.any(Number) } } });
    // R&D is reported per quarter: a month of it is a question the form cannot answer, said so, now and as of then.
    for (const asOf of ['', '&asOf=2099-01-01'])
      expect(
        await call('GET', `/v1/stats/rnd?unit=110101001&period=2025-03${asOf}`, { token: TOKENS.approver }),
      ).toMatchObject({
        status: 400,
        json: { error: 'invalid_period', message: expect.stringContaining('a month view cannot be built') },
      });
  });

  it('answers 401 without a token, 404 for an unknown report, 413 for an oversized body', async () => {
    expect(await call('POST', '/v1/reports', { body: report })).toMatchObject({
      status: 401,
      json: { error: 'unauthenticated' },
    });
    expect(
      (await call('GET', '/v1/reports/report-sanitation-110101001001-2024-01', { token: TOKENS.admin })).status,
    ).toBe(404);
    expect((await call('GET', '/v1/reports/not-a-report', { token: TOKENS.admin })).status).toBe(404);
    const huge = { ...report, comment: 'x'.repeat(2_000_000) };
    expect(await call('POST', '/v1/reports', { token: TOKENS.reporter, body: huge })).toMatchObject({ status: 413 });
  });
});
