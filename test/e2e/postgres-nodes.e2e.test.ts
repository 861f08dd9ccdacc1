import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import { createPostgresEventStore, type PostgresEventStore } from '@statledger/event-store-postgres';
import { createPostgresProjectionStore } from '@statledger/read-models-postgres';
import { PROJECTOR, type ProjectionStore } from '@statledger/read-models';
import { QUALITY_INPUTS } from '@statledger/quality';
import {
  freshPostgresSchema,
  postgresUnavailable,
  repoRoot,
  spawnTs,
  startKafkaBroker,
  type KafkaBroker,
  type PostgresSchema,
  type TsChild,
} from '@statledger/testing';

const ADMIN = 'e2e-admin-token-0123456789abcdef';
const TOPIC = 'statledger.aggregates.v1';
const FOLLOWERS = ['projector', 'quality-worker', 'feed-publisher', 'deadline-sweeper'] as const;
const service = (name: string) => join(repoRoot, 'services', name, 'src/main.ts');
const cli = join(repoRoot, 'services/cli/src/main.ts');

// 东城区: 5 townships of 20 villages, each reporting 24 months of sanitation: 2,400 submissions.
const TOWNSHIPS = [1, 2, 3, 4, 5].map((t) => `110101${String(t).padStart(3, '0')}`);
const VILLAGES = TOWNSHIPS.flatMap((t) =>
  Array.from({ length: 20 }, (_, v) => `${t}${String(v + 1).padStart(3, '0')}`),
);
const MONTHS = [2024, 2025].flatMap((year) =>
  Array.from({ length: 12 }, (_, m) => `${year}-${String(m + 1).padStart(2, '0')}`),
);
const UNITS_CSV = [
  'code,name,parentCode',
  '1101,市辖区,11',
  '110101,东城区,1101',
  ...TOWNSHIPS.map((t) => `${t},街道${t.slice(6)},110101`),
  ...VILLAGES.map((v) => `${v},社区${v.slice(6)},${v.slice(0, 9)}`),
].join('\n');

const values = (n: number) => ({
  SAN_ROAD_AREA: (2 + (n % 5) / 10).toFixed(1),
  SAN_WASTE_COLLECTED: (150 + (n % 97)).toFixed(1),
  SAN_WASTE_HARMLESS: (148 + (n % 97)).toFixed(1),
  SAN_NIGHT_SOIL: String(15 + (n % 7)),
  SAN_CONSTRUCTION_WASTE: String(30 + (n % 11)),
  SAN_PUBLIC_TOILETS: String(4 + (n % 3)),
  SAN_CLEANERS: String(12 + (n % 9)),
});

interface Answer {
  status: number;
  json: Record<string, any>;
}

describe.skipIf(await postgresUnavailable())(
  'several nodes on one PostgreSQL database, a real Kafka broker, and SIGKILLs',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'statledger-nodes-'));
    const processes = new Map<string, TsChild>();
    const apis: string[] = [];
    let broker: KafkaBroker;
    let schema: PostgresSchema;
    let env: Record<string, string>;
    let log: PostgresEventStore;
    let projections: ProjectionStore;
    const accepted = new Set<string>();
    let correctionsWon = 0;

    const start = async (name: string, file = name): Promise<void> => {
      const child = spawnTs(service(file), [], env);
      processes.set(name, child);
      if (file !== 'intake-api') return;
      const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(await child.waitForLine(/intake-api listening on/, 60_000))![1]!;
      apis[Number(name.at(-1)) - 1] = url;
    };
    const killAndRestart = async (name: string, file = name) => {
      expect(await processes.get(name)!.kill('SIGKILL')).toBe('SIGKILL');
      await start(name, file);
    };
    const call = async (
      api: string,
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ): Promise<Answer> => {
      const response = await fetch(`${api}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${ADMIN}`,
          ...(body === undefined ? {} : { 'content-type': typeof body === 'string' ? 'text/csv' : 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      return { status: response.status, json: (await response.json()) as Record<string, any> };
    };

    beforeAll(async () => {
      [broker, schema] = await Promise.all([startKafkaBroker(), freshPostgresSchema('nodes')]);
      const principals = join(dir, 'principals.json');
      writeFileSync(
        principals,
        JSON.stringify({ principals: [{ id: 'admin', role: 'admin', unit: 'national', token: ADMIN }] }),
      );
      env = {
        STATLEDGER_STORE: schema.url,
        STATLEDGER_PRINCIPALS: principals,
        STATLEDGER_KAFKA_BROKERS: broker.brokers.join(','),
        LOG_LEVEL: 'warn',
        PORT: '0',
        SWEEP_EVERY_MS: '1000',
        STATLEDGER_ANCHOR_EVERY_MS: '2000',
      };
      await Promise.all([start('intake-api-1', 'intake-api'), start('intake-api-2', 'intake-api')]);
      for (const name of FOLLOWERS) await start(name);
      log = await createPostgresEventStore({ connectionString: schema.url });
      projections = await createPostgresProjectionStore({ pool: log.pool });
    }, 300_000);

    afterAll(async () => {
      for (const child of processes.values()) child.process.kill('SIGKILL');
      await projections?.close();
      await log?.close();
      await broker?.stop();
      await schema?.drop();
    });

    it('takes a few thousand submissions through two APIs while every follower and one API are killed and restarted', async () => {
      expect((await call(apis[0]!, 'POST', '/v1/imports/units', UNITS_CSV)).json).toMatchObject({
        registered: 2 + TOWNSHIPS.length + VILLAGES.length,
      });
      const jobs = VILLAGES.flatMap((unitCode) => MONTHS.map((period) => ({ form: 'sanitation', unitCode, period })));
      const kills = new Map<number, string>([
        [300, 'projector'],
        [700, 'quality-worker'],
        [1_100, 'feed-publisher'],
        [1_500, 'deadline-sweeper'],
        [1_900, 'intake-api-2'],
      ]);
      let next = 0;
      let done = 0;
      const sender = async () => {
        while (next < jobs.length) {
          const i = next++;
          const job = jobs[i]!;
          const headers = { 'idempotency-key': `submit-${job.unitCode}-${job.period}` };
          // A node that does not answer (killed) is asked again through the other with the same key: a retry.
          for (let attempt = 0; ; attempt++) {
            const api = apis[(i + attempt) % 2]!;
            const answer = await call(api, 'POST', '/v1/reports', { ...job, values: values(i) }, headers).catch(
              () => undefined,
            );
            if (!answer) continue;
            expect([200, 201], JSON.stringify(answer.json)).toContain(answer.status);
            accepted.add(answer.json.reportId);
            break;
          }
          const victim = kills.get(++done);
          if (victim) await killAndRestart(victim, victim.startsWith('intake-api') ? 'intake-api' : victim);
        }
      };
      await Promise.all(Array.from({ length: 8 }, sender));
      expect(accepted.size).toBe(jobs.length);

      // Two nodes correct the same report holding the same revision: one wins, the other is told 409.
      for (const unitCode of VILLAGES.slice(0, 40)) {
        const id = `report-sanitation-${unitCode}-2025-06`;
        const { revision } = (await call(apis[0]!, 'GET', `/v1/reports/${id}`)).json;
        const answers = await Promise.all(
          apis.map((api, i) =>
            call(api, 'POST', `/v1/reports/${id}/corrections`, {
              values: { SAN_CLEANERS: String(30 + i) },
              reason: '复核更正',
              expectedRevision: revision,
            }),
          ),
        );
        expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
        correctionsWon++;
      }
    });

    it('catches every follower up, then stops every node cleanly', async () => {
      const state = async () => {
        const head = await log.headPosition();
        const [projector, quality] = await Promise.all(
          [PROJECTOR, 'quality-worker'].map(async (name) => (await projections.checkpoints.load(name))?.position),
        );
        const unsent = (await projections.outbox.pending('feed-publisher', 1_000)).length;
        // The quality worker's checkpoint is the last event it reads (its own findings are not among them).
        const unchecked =
          quality === undefined
            ? -1
            : (await log.readAll({ from: quality, filter: { eventTypes: [...QUALITY_INPUTS] } })).length;
        return {
          head,
          projector,
          quality,
          unchecked,
          unsent,
          settled: projector === head && unchecked === 0 && unsent === 0 && head === (await log.headPosition()),
        };
      };
      let now = await state();
      for (let i = 0; i < 600 && !now.settled; i++) now = await new Promise((r) => setTimeout(r, 200)).then(state);
      const logs = [...processes].map(([name, child]) => `${name}: ${child.output().slice(-1_500)}`).join('\n');
      expect(now, `${JSON.stringify(now)}\n${logs}`).toMatchObject({ settled: true });
      const codes = await Promise.all([...processes.values()].map((child) => child.kill('SIGTERM')));
      expect(codes).toEqual(codes.map(() => 0));
    });

    it('holds every accepted submission exactly once, each won correction, and a chain that verifies', async () => {
      const submitted = await log.readAll({ filter: { eventTypes: ['ReportSubmitted'] } });
      expect(submitted).toHaveLength(accepted.size);
      expect(new Set(submitted.map((e) => e.stream))).toEqual(accepted);
      expect(await log.readAll({ filter: { eventTypes: ['ReportCorrected'] } })).toHaveLength(correctionsWon);
      const positions = (await log.readAll()).map((e) => BigInt(e.position));
      expect(positions).toEqual(positions.map((_, i) => BigInt(i)));

      const verify = spawnTs(cli, ['verify'], env);
      expect(await verify.exited, verify.output()).toBe(0);
      expect(verify.stdout()).toMatch(/integrity verified: \d+ events checked/);
    });

    it('has every aggregate’s latest revision on the Kafka topic', async () => {
      const expected = await projections.aggregateRevisions();
      expect(expected.size).toBe(2 * MONTHS.length);
      const latest = new Map<string, number>();
      const consumer = new Kafka({
        clientId: 'nodes-e2e',
        brokers: broker.brokers,
        logLevel: logLevel.NOTHING,
      }).consumer({ groupId: 'nodes-e2e' });
      await consumer.connect();
      await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
      const all = new Promise<void>((resolve) => {
        void consumer.run({
          eachMessage: async ({ message }) => {
            const { revision } = JSON.parse(message.value!.toString()) as { revision: number };
            const key = message.key!.toString();
            latest.set(key, Math.max(latest.get(key) ?? -1, revision));
            if ([...expected].every(([k, r]) => latest.get(k) === r)) resolve();
          },
        });
      });
      await Promise.race([all, new Promise((r) => setTimeout(r, 60_000))]);
      await consumer.disconnect();
      expect(latest).toEqual(expected);
    });

    it('gives the statistics of the same log folded in one process on SQLite', async () => {
      const single = `sqlite:${join(dir, 'single.db')}`;
      const copy = spawnTs(cli, ['copy', '--to', single], env);
      expect(await copy.exited, copy.output()).toBe(0);
      for (const [unit, period] of [
        ['110101000000', '2025-Q2'],
        ['110101003000', '2024'],
        ['110101000000', '2025-06'],
        ['110101005007', '2024-11'],
      ]) {
        const args = ['stats', '--form', 'sanitation', '--unit', unit!, '--period', period!, '--json'];
        const [onPostgres, onSqlite] = [
          spawnTs(cli, args, env),
          spawnTs(cli, args, { ...env, STATLEDGER_STORE: single }),
        ];
        expect(await onPostgres.exited, onPostgres.output()).toBe(0);
        expect(await onSqlite.exited, onSqlite.output()).toBe(0);
        expect(JSON.parse(onPostgres.stdout()).figure.values.SAN_WASTE_COLLECTED).toMatch(/^\d/);
        expect(onPostgres.stdout()).toBe(onSqlite.stdout());
      }
    });
  },
);
