import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKENS, client, workspace } from './serve-fixture.ts';

const report = 'report-sanitation-110101001001-2025-03';
const covertPlan = {
  form: 'sanitation',
  period: '2025-03',
  subtree: '1101',
  method: 'covert',
  design: { type: 'simple_random' },
  size: { n: 5 },
  seed: 424242,
};
const finding = {
  report,
  recounted: { SAN_WASTE_COLLECTED: '0.1864' },
  inspector: '王检查',
  inspectedAt: '2025-04-21T10:00:00+08:00',
  evidence: [{ sha256: 'b'.repeat(64), description: '统计台账照片' }],
};

describe('spot checks over real HTTP and the CLI', () => {
  const ws = workspace();
  let call: ReturnType<typeof client>;
  let stop: () => Promise<unknown>;
  let planId: string;
  const cliOutput = async (args: string[]) => {
    const child = ws.run(args);
    const code = await child.exited;
    return { code, output: child.output() };
  };

  beforeAll(async () => {
    const server = await ws.serve();
    call = client(server.url);
    stop = () => server.child.kill('SIGTERM');
    await call('POST', '/v1/imports/units', {
      token: TOKENS.admin,
      csv: readFileSync(new URL('../../../examples/units.csv', import.meta.url), 'utf8'),
    });
    const reports = await call('POST', '/v1/imports/reports', {
      token: TOKENS.admin,
      csv: readFileSync(new URL('../../../examples/reports.csv', import.meta.url), 'utf8'),
    });
    expect(reports.json.errors).toHaveLength(2); // the example file shows two bad rows; five reports are in
    const planned = await call('POST', '/v1/audits', { token: TOKENS.auditor, body: covertPlan });
    expect(planned).toMatchObject({
      status: 201,
      json: { created: true, plan: { method: 'covert', seed: 424242, population: { count: 5 } } },
    });
    planId = planned.json.planId;
  });
  afterAll(async () => stop());

  it('answers 400 with the field path for a bad plan, and 403 to a reporter who plans', async () => {
    expect(
      await call('POST', '/v1/audits', {
        token: TOKENS.auditor,
        body: { ...covertPlan, size: { marginOfError: 2, confidence: 0.95 } },
      }),
    ).toMatchObject({
      status: 400,
      json: { issues: expect.arrayContaining([expect.objectContaining({ path: ['size', 'marginOfError'] })]) },
    });
    expect((await call('POST', '/v1/audits', { token: TOKENS.reporter, body: covertPlan })).status).toBe(403);
  });

  it('records a finding; the covert plan and its finding stay hidden from the audited unit\u2019s reporter, over HTTP and the CLI', async () => {
    expect(await call('POST', `/v1/audits/${planId}/findings`, { token: TOKENS.auditor, body: finding })).toMatchObject(
      { status: 201, json: { appended: true } },
    );
    expect((await call('GET', `/v1/audits/${planId}`, { token: TOKENS.reporter })).status).toBe(404);
    expect((await call('GET', '/v1/audits', { token: TOKENS.reporter })).json).toEqual({ plans: [] });
    const reporterHistory = await call('GET', `/v1/reports/${report}/history`, { token: TOKENS.reporter });
    expect(reporterHistory.json.events.map((e: { source: string }) => e.source)).not.toContain('audit');
    const hidden = await cliOutput(['audit', 'show', planId, '--as', 'dongcheng-reporter']);
    expect(hidden.code).toBe(2);
    expect(hidden.output).toContain(`no audit plan ${planId}`);

    const auditorView = await call('GET', `/v1/audits/${planId}`, { token: TOKENS.auditor });
    expect(auditorView.json).toMatchObject({
      progress: { sampled: 5, recounted: 1 },
      openFollowUps: 1,
      findings: [{ recounts: [{ indicator: 'SAN_WASTE_COLLECTED', vf: '0.0010', direction: 'over-reported' }] }],
    });
    const shown = await cliOutput(['audit', 'show', planId, '--as', 'city-auditor']);
    expect(shown.output).toMatch(
      /aggregate VF \(self-weighting\): SAN_WASTE_COLLECTED 0\.0010\n {2}reports outside ±10 %: 1\/1 \(self-weighting: 100\.0 %\)/,
    );
  });

  it('re-draws the same sample from the recorded seed in a fresh process', async () => {
    const replay = await cliOutput(['audit', 'plan', '--replay', planId, '--as', 'city-auditor']);
    expect(replay.code).toBe(0);
    expect(replay.output).toContain(
      `${planId}: sample re-drawn from seed 424242 over the log as it stood: identical (5 reports)`,
    );
  });

  it('shows the report\u2019s whole life with quality and audit findings, in log order, and an integrity line', async () => {
    const history = await call('GET', `/v1/reports/${report}/history`, { token: TOKENS.auditor });
    const sources = history.json.events.map((e: { source: string }) => e.source);
    expect(sources[0]).toBe('report');
    expect(sources).toContain('audit');
    const positions = history.json.events.map((e: { position: string }) => e.position);
    expect(positions).toEqual([...positions].sort());
    expect(history.json.integrity).toMatchObject({ ok: true, lastPosition: positions.at(-1) });
    const cli = await cliOutput(['history', report, '--as', 'city-auditor']);
    expect(cli.output).toMatch(
      /audit .* AuditFindingRecorded .*SAN_WASTE_COLLECTED reported 186\.4 recounted 0\.1864 VF 0\.0010/,
    );
    expect(cli.output).toMatch(/integrity: hash chain verified over \d+ events up to position \d+/);
  });

  it('records nothing from a findings file with a bad line, and names every bad line', async () => {
    const sampled = (await call('GET', `/v1/audits/${planId}`, { token: TOKENS.auditor })).json.plan.sample.map(
      (x: { report: string }) => x.report,
    );
    const csv = join(ws.dir, 'findings.csv');
    writeFileSync(
      csv,
      [
        'report,inspector,inspected_at,evidence_sha256,evidence,SAN_WASTE_COLLECTED',
        `${sampled[1]},王检查,2025-04-21T10:00:00+08:00,,,100`,
        `${sampled[2]},王检查,yesterday,,,100`,
        `${sampled[3]},,2025-04-21T10:00:00+08:00,,,100`,
      ].join('\n'),
    );
    const before = (await call('GET', `/v1/audits/${planId}`, { token: TOKENS.auditor })).json.progress.recounted;
    const result = await cliOutput(['audit', 'record', planId, '--csv', csv, '--as', 'city-auditor']);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/line 3: inspectedAt: /);
    expect(result.output).toMatch(/line 4: inspector: /);
    expect(result.output).toMatch(/nothing recorded; 2 of 3 lines are wrong/);
    expect((await call('GET', `/v1/audits/${planId}`, { token: TOKENS.auditor })).json.progress.recounted).toBe(before);
  });

  it('shows the plan to the audited once closed, and a correction that references the finding closes its follow-up', async () => {
    expect(
      (await call('POST', `/v1/audits/${planId}/close`, { token: TOKENS.auditor, body: { summary: '暗查结束' } }))
        .status,
    ).toBe(200);
    expect(await call('GET', `/v1/audits/${planId}`, { token: TOKENS.reporter })).toMatchObject({
      status: 200,
      json: { status: 'closed' },
    });
    const findingId = (await call('GET', `/v1/audits/${planId}`, { token: TOKENS.auditor })).json.findings[0].findingId;
    const values = {
      SAN_ROAD_AREA: '3.2',
      SAN_WASTE_COLLECTED: '0.1864',
      SAN_WASTE_HARMLESS: '0.1864',
      SAN_NIGHT_SOIL: '21.5',
      SAN_CONSTRUCTION_WASTE: '40',
      SAN_PUBLIC_TOILETS: '6',
      SAN_CLEANERS: '18',
    };
    const expectedRevision = (await call('GET', `/v1/reports/${report}`, { token: TOKENS.reporter })).json.revision;
    expect(
      (
        await call('POST', `/v1/reports/${report}/corrections`, {
          token: TOKENS.reporter,
          body: { values, reason: '按抽查结果更正', findingRef: 'nope', expectedRevision },
        })
      ).json,
    ).toMatchObject({ issues: [{ path: ['findingRef'] }] });
    expect(
      (
        await call('POST', `/v1/reports/${report}/corrections`, {
          token: TOKENS.reporter,
          body: { values, reason: '按抽查结果更正', findingRef: findingId, expectedRevision },
        })
      ).status,
    ).toBe(200);
    expect((await call('GET', `/v1/audits/${planId}`, { token: TOKENS.auditor })).json).toMatchObject({
      openFollowUps: 0,
      findings: [{ followUp: 'closed' }],
    });
  });
});
