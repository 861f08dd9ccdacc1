import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnTs } from '@statledger/testing';
import { TOKENS, cli, client, workspace } from './serve-fixture.ts';

describe('feeds from statledger serve: the NDJSON feed and SDMX-CSV over HTTP and the CLI', () => {
  const ws = workspace();
  const feedFile = join(ws.dir, 'feed.ndjson');
  let url: string;
  let stop: () => Promise<unknown>;

  beforeAll(async () => {
    const child = spawnTs(cli, ['serve', '--port', '0', '--feed-file', feedFile], ws.env);
    url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(await child.waitForLine(/listening on http:\/\/127\.0\.0\.1:\d+/))![1]!;
    stop = () => child.kill('SIGTERM');
    const call = client(url);
    await call('POST', '/v1/imports/units', {
      token: TOKENS.admin,
      csv: readFileSync(new URL('../../../examples/units.csv', import.meta.url), 'utf8'),
    });
    await call('POST', '/v1/imports/reports', {
      token: TOKENS.admin,
      csv: readFileSync(new URL('../../../examples/reports.csv', import.meta.url), 'utf8'),
    });
  });
  afterAll(async () => stop());

  it('publishes the district and city aggregates the reports changed, each valid and keyed form|unit|period', async () => {
    const lines = async () =>
      existsSync(feedFile)
        ? readFileSync(feedFile, 'utf8')
            .trim()
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as { key: string; value: Record<string, any> })
        : [];
    const complete = (all: { value: Record<string, any> }[]) => all.filter((m) => m.value.revision === 4).length === 2;
    for (let i = 0; i < 100 && !complete(await lines()); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    const messages = await lines();
    // Published as the reports arrived: each key's revisions rise; the last counts five report events (from 0), of which
    // four village reports are summed (the township's own report is checked against them, not added).
    expect(new Set(messages.map((m) => m.key))).toEqual(
      new Set(['sanitation|110100000000|2025-03', 'sanitation|110101000000|2025-03']),
    );
    for (const key of new Set(messages.map((m) => m.key))) {
      const revisions = messages.filter((m) => m.key === key).map((m) => m.value.revision as number);
      expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
      expect(messages.filter((m) => m.key === key).at(-1)!.value).toMatchObject({
        schema: 'statledger.aggregates.v1',
        revision: 4,
        status: 'provisional',
        reports: { received: 4 },
      });
    }
  });

  it('serves SDMX-CSV 2.0 for a form and period, the same bytes as statledger export sdmx', async () => {
    const response = await fetch(`${url}/v1/feeds/sdmx/sanitation?period=2025-Q1`, {
      headers: { authorization: `Bearer ${TOKENS.admin}` },
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const body = await response.text();
    const lines = body.trim().split('\n');
    expect(lines[0]).toBe(
      'STRUCTURE,STRUCTURE_ID,ACTION,FREQ,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,UNIT_MULT,OBS_STATUS',
    );
    // public toilets are a stock: the quarter's figure is March's, 6 + 5 + … over the five villages
    expect(lines.find((l) => l.includes(',110101000000,SAN_PUBLIC_TOILETS,'))).toMatch(
      /^dataflow,STATLEDGER:DF_SANITATION\(1\.0\.0\),I,Q,110101000000,SAN_PUBLIC_TOILETS,2025-Q1,\d+,count,0,P$/,
    );
    expect(lines.find((l) => l.includes(',110101000000,SAN_ROAD_AREA,'))).toMatch(/,m2,4,P$/);
    const exported = ws.run(['export', 'sdmx', '--form', 'sanitation', '--period', '2025-Q1']);
    expect(await exported.exited).toBe(0);
    expect(exported.output().split('\n--- stderr ---')[0]).toBe(body);
    expect(
      (
        await fetch(`${url}/v1/feeds/sdmx/sanitation?period=2025-13`, {
          headers: { authorization: `Bearer ${TOKENS.admin}` },
        })
      ).status,
    ).toBe(400);
  });
});
