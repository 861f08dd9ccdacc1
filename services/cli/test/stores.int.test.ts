import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresSchema, postgresUnavailable, spawnTs, type PostgresSchema } from '@statledger/testing';
import { TOKENS, cli, client, workspace } from './serve-fixture.ts';

const unavailable = await postgresUnavailable();

/** What a statistician reads, as the CLI prints it: figures, findings, the bulletin and the SDMX export. */
const READINGS = [
  ['stats', '--form', 'sanitation', '--unit', '150300000000', '--period', '2025-03', '--json'],
  ['stats', '--form', 'sanitation', '--unit', '150302000000', '--period', '2025-Q2', '--json'],
  ['stats', '--form', 'rnd', '--unit', '1503', '--period', '2025', '--json'],
  ['quality', 'show', '--unit', '1503', '--period', '2025-Q1', '--json'],
  ['bulletin', '--city', '1503', '--period', '2025-Q2'],
  ['export', 'sdmx', '--form', 'sanitation', '--period', '2025-Q2'],
];

describe.skipIf(unavailable)('one log, its two halves in any stores: the same answers', () => {
  const space = workspace();
  const sqlite = space.env.STATLEDGER_STORE;
  let postgres: PostgresSchema;

  // One after another: each brings the projection up to date before it reads.
  const readAll = async (env: Record<string, string>) => {
    const outputs: string[] = [];
    for (const args of READINGS) outputs.push(await finished(space, args, env));
    return outputs;
  };

  beforeAll(async () => {
    postgres = await freshPostgresSchema('stores');
    for (const args of [
      ['demo', '--city', '1503', '--faults-file', join(space.dir, 'faults.json')],
      ['quality', 'run', '--no-sweep'],
    ]) {
      await finished(space, args);
    }
    await finished(space, ['copy', '--to', postgres.url]);
  }, 180_000);
  afterAll(async () => postgres?.drop());

  it('copies the log into PostgreSQL with the same hash chain', async () => {
    const head = (output: string) => /chain head ([0-9a-f]{64})/.exec(output)?.[1];
    const fromSqlite = head(await finished(space, ['verify']));
    expect(fromSqlite).toMatch(/^[0-9a-f]{64}$/);
    expect(head(await finished(space, ['verify'], { STATLEDGER_STORE: postgres.url }))).toBe(fromSqlite);
  });

  // Four arrangements of six readings, each a CLI process that brings its projection up to date first: minutes.
  it('answers stats, quality, the bulletin and SDMX byte for byte alike from SQLite, PostgreSQL and split stores', async () => {
    const embedded = await readAll({});
    expect(embedded[0]).toContain('"SAN_WASTE_COLLECTED"');
    expect(embedded[5]!.split('\n').length).toBeGreaterThan(10);
    const arrangements = {
      'events and projections in PostgreSQL': { STATLEDGER_STORE: postgres.url },
      'events in SQLite, projections in a SQLite file of their own': {
        STATLEDGER_PROJECTIONS: `sqlite:${join(space.dir, 'read-models.db')}`,
      },
      'events in SQLite, projections in PostgreSQL': { STATLEDGER_STORE: sqlite, STATLEDGER_PROJECTIONS: postgres.url },
    };
    for (const [arrangement, env] of Object.entries(arrangements)) {
      expect(await readAll(env), arrangement).toEqual(embedded);
    }
  }, 300_000);

  it('gives the same figures over GET /v1/stats with the projections in another store', async () => {
    const apart = join(space.dir, 'apart.db');
    copyFileSync(join(space.dir, 'store.db'), apart);
    const ask = async (env: Record<string, string>) => {
      const { url, child } = await space.serve(env);
      try {
        const call = client(url);
        let ready = await call('GET', '/readyz');
        for (let i = 0; i < 300 && ready.status !== 200; i++)
          ready = await new Promise((r) => setTimeout(r, 100)).then(() => call('GET', '/readyz'));
        expect(ready.status).toBe(200);
        const answer = await call('GET', '/v1/stats/sanitation?unit=150300000000&period=2025-Q1', {
          token: TOKENS.admin,
        });
        expect(answer.status).toBe(200);
        return { figure: answer.json.figure, children: answer.json.children };
      } finally {
        await child.kill('SIGTERM');
      }
    };
    const together = await ask({});
    expect(together.figure.values.SAN_WASTE_COLLECTED).toMatch(/^\d/);
    const split = await ask({ STATLEDGER_STORE: `sqlite:${apart}`, STATLEDGER_PROJECTIONS: postgres.url });
    expect(split).toEqual(together);
  });
});

/** Runs a CLI command to its end and returns what it printed; a failure fails the test with the output. */
async function finished(
  space: ReturnType<typeof workspace>,
  args: string[],
  env: Record<string, string> = {},
): Promise<string> {
  const child = spawnTs(cli, args, { ...space.env, ...env });
  const code = await child.exited;
  if (code !== 0) throw new Error(`statledger ${args.join(' ')} exited ${code}: ${child.output()}`);
  return child.stdout();
}
