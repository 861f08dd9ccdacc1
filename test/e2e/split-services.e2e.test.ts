import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import { repoRoot, spawnTs, startKafkaBroker, type KafkaBroker, type TsChild } from '@statledger/testing';

const ADMIN = 'e2e-admin-token-0123456789abcdef';
const service = (name: string) => join(repoRoot, 'services', name, 'src/main.ts');

describe('the services as separate processes on one SQLite store and a real Kafka broker', () => {
  const dir = mkdtempSync(join(tmpdir(), 'statledger-split-'));
  const principals = join(dir, 'principals.json');
  writeFileSync(
    principals,
    JSON.stringify({ principals: [{ id: 'admin', role: 'admin', unit: 'national', token: ADMIN }] }),
  );
  let broker: KafkaBroker;
  let env: Record<string, string>;
  const workers = new Map<string, TsChild>();
  const apis: string[] = [];

  const call = async (api: string, method: string, path: string, body?: { json?: unknown; csv?: string }) => {
    const headers: Record<string, string> = { authorization: `Bearer ${ADMIN}` };
    if (body?.csv !== undefined) headers['content-type'] = 'text/csv';
    if (body?.json !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${api}${path}`, {
      method,
      headers,
      ...(body ? { body: body.csv ?? JSON.stringify(body.json) } : {}),
    });
    return { status: response.status, json: (await response.json()) as Record<string, any> };
  };

  beforeAll(async () => {
    broker = await startKafkaBroker();
    env = {
      STATLEDGER_STORE: `sqlite:${join(dir, 'store.db')}`,
      STATLEDGER_PRINCIPALS: principals,
      STATLEDGER_KAFKA_BROKERS: broker.brokers.join(','),
      LOG_LEVEL: 'info',
      PORT: '0',
      SWEEP_EVERY_MS: '1000',
    };
    for (const i of [1, 2]) {
      const api = spawnTs(service('intake-api'), [], env);
      workers.set(`intake-api-${i}`, api);
      apis.push(/(http:\/\/127\.0\.0\.1:\d+)/.exec(await api.waitForLine(/intake-api listening on/, 60_000))![1]!);
    }
    for (const name of ['quality-worker', 'projector', 'feed-publisher', 'deadline-sweeper'])
      workers.set(name, spawnTs(service(name), [], env));
  }, 300_000);

  afterAll(async () => {
    for (const child of workers.values()) child.process.kill('SIGKILL');
    await broker?.stop();
  });

  it('takes a CSV through one API process and delivers the district aggregate on Kafka', async () => {
    expect(
      (
        await call(apis[0]!, 'POST', '/v1/imports/units', {
          csv: readFileSync(join(repoRoot, 'examples/units.csv'), 'utf8'),
        })
      ).json,
    ).toMatchObject({ registered: 10 });
    expect(
      (
        await call(apis[1]!, 'POST', '/v1/imports/reports', {
          csv: readFileSync(join(repoRoot, 'examples/reports.csv'), 'utf8'),
        })
      ).json,
    ).toMatchObject({ reports: { appended: 5 } });

    const consumer = new Kafka({ clientId: 'e2e', brokers: broker.brokers, logLevel: logLevel.NOTHING }).consumer({
      groupId: 'e2e',
    });
    const admin = new Kafka({ clientId: 'e2e-admin', brokers: broker.brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    for (let i = 0; i < 600 && !(await admin.listTopics()).includes('statledger.aggregates.v1'); i++)
      await new Promise((r) => setTimeout(r, 100));
    await admin.disconnect();
    await consumer.connect();
    await consumer.subscribe({ topic: 'statledger.aggregates.v1', fromBeginning: true });
    const district = await new Promise<Record<string, any>>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          const value = JSON.parse(message.value!.toString());
          if (message.key!.toString() === 'sanitation|110101000000|2025-03' && value.revision === 4) resolve(value);
        },
      });
    });
    await consumer.disconnect();
    // 186.4 + 152.9 + 221.7 + 198.2 t collected by the four villages
    expect(district).toMatchObject({
      tier: 'district',
      status: 'provisional',
      reports: { received: 4 },
      values: { SAN_WASTE_COLLECTED: '759.2' },
    });
  });

  it('resolves concurrent corrections of one report in two API processes by optimistic concurrency: one wins, the other gets 409', async () => {
    const id = 'report-sanitation-110101001002-2025-03';
    const values = {
      SAN_ROAD_AREA: '2.8',
      SAN_WASTE_COLLECTED: '152.9',
      SAN_WASTE_HARMLESS: '150.1',
      SAN_NIGHT_SOIL: '17.2',
      SAN_CONSTRUCTION_WASTE: '35',
      SAN_PUBLIC_TOILETS: '5',
      SAN_CLEANERS: '15',
    };
    for (let round = 0; round < 5; round++) {
      const revision = (await call(apis[0]!, 'GET', `/v1/reports/${id}`)).json.revision as number;
      const answers = await Promise.all(
        apis.map((api, i) =>
          call(api, 'POST', `/v1/reports/${id}/corrections`, {
            json: {
              values: { ...values, SAN_CLEANERS: String(20 + round * 2 + i) },
              reason: `更正 ${round}`,
              expectedRevision: revision,
            },
          }),
        ),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      expect(answers.find((a) => a.status === 409)!.json).toMatchObject({
        error: 'revision_conflict',
        expected: String(revision),
        actual: String(revision + 1),
      });
    }
    expect((await call(apis[1]!, 'GET', `/v1/reports/${id}`)).json).toMatchObject({ revision: 5, corrections: 5 });
  });

  it('stops every service cleanly on SIGTERM, each storing its checkpoint', async () => {
    const codes = await Promise.all([...workers.values()].map((child) => child.kill('SIGTERM')));
    expect(codes).toEqual(codes.map(() => 0));
    for (const [name, child] of workers) expect(child.output(), name).toContain(`${name.replace(/-\d$/, '')} stopped`);
  });
});
