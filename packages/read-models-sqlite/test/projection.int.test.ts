import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnTs } from '@statledger/testing';
import { createSqliteEventStore } from '@statledger/event-store-sqlite';
import { loadFormCatalogue } from '@statledger/form-catalogue';
import {
  createCurrentStatistics,
  resetProjection,
  runProjector,
  statisticsAsOf,
  statisticsFromProjection,
} from '@statledger/read-models';
import type { UnitCode } from '@statledger/domain';
import { createSqliteProjectionStore, dumpTables } from '../src/index.ts';

const catalogue = loadFormCatalogue();
const isDenominatorSource = (_form: string, indicator: string, source: string) =>
  indicator === 'GDP' && source === 'statistics_bureau';
const cli = new URL('../../../services/cli/src/main.ts', import.meta.url).pathname;
const child = new URL('./projector-child.ts', import.meta.url).pathname;

/** The demo of 乌海市 (1503): a real small city, two years, every kind of event. */
async function demoStore() {
  const dir = mkdtempSync(join(tmpdir(), 'statledger-projection-'));
  const path = join(dir, 'store.db');
  const demo = spawnTs(cli, ['demo', '--city', '1503', '--faults-file', join(dir, 'faults.json')], {
    STATLEDGER_STORE: `sqlite:${path}`,
  });
  expect(await demo.exited, demo.output()).toBe(0);
  return { dir, path };
}

describe('the statistics projection on SQLite', () => {
  it('answers as the log fold does, and a rebuild from empty gives byte-identical tables', async () => {
    const { path } = await demoStore();
    const store = createSqliteEventStore({ path });
    const projections = createSqliteProjectionStore({ db: store.db });
    await runProjector({ events: store, projections, catalogue, isDenominatorSource, stopWhenCaughtUp: true });
    const live = dumpTables(store.db);
    expect(live.split('\n').filter((l) => l.startsWith('report ')).length).toBeGreaterThan(2_000);

    for (const query of [
      { form: 'sanitation', unit: '150300000000' as UnitCode, period: '2025-03' },
      { form: 'sanitation', unit: '150302000000' as UnitCode, period: '2025-Q2' },
      { form: 'rnd', unit: '150300000000' as UnitCode, period: '2025' },
      { form: 'patent', unit: '150303000000' as UnitCode, period: '2025-Q3' },
      // A query restores only its unit's subtree and periods: a township, a village, a whole year of a monthly form.
      { form: 'sanitation', unit: '150302001000' as UnitCode, period: '2025' },
      { form: 'sanitation', unit: '150302001002' as UnitCode, period: '2025-11' },
      { form: 'rnd', unit: '150302000000' as UnitCode, period: '2025' },
    ]) {
      const projected = await statisticsFromProjection(projections, catalogue, isDenominatorSource, query);
      const folded = await statisticsAsOf(store, catalogue, isDenominatorSource, query);
      expect(JSON.stringify({ ...projected, asOf: null })).toBe(JSON.stringify({ ...folded, asOf: null }));
      expect(projected.figure).not.toBeNull();
    }

    // Asked again while the projection stands still, a question gets the answer it had; once it moves, a new one.
    const current = createCurrentStatistics(projections, catalogue, isDenominatorSource);
    const city = { form: 'sanitation', unit: '150300000000' as UnitCode, period: '2025-03' };
    const first = await current(city);
    expect(await current(city)).toBe(first);
    await resetProjection(projections);
    expect(dumpTables(store.db)).toBe('\n');
    const emptied = await current(city);
    expect(emptied.figure).toBeNull();
    await runProjector({ events: store, projections, catalogue, isDenominatorSource, stopWhenCaughtUp: true });
    expect(dumpTables(store.db)).toBe(live);
    const again = await current(city);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
    await store.close();
  });

  it('gives the same tables after the projector is killed mid-run (SIGKILL) and restarted', async () => {
    const { dir, path } = await demoStore();
    const copy = join(dir, 'uninterrupted.db');
    copyFileSync(path, copy);
    const reference = createSqliteEventStore({ path: copy });
    await runProjector({
      events: reference,
      projections: createSqliteProjectionStore({ db: reference.db }),
      catalogue,
      isDenominatorSource,
      stopWhenCaughtUp: true,
    });
    const expected = dumpTables(reference.db);
    await reference.close();

    const first = spawnTs(child, [path]);
    await first.waitForLine(/^batch /);
    await first.waitForLine(/^batch 0+[1-9]\d{3,}$/);
    expect(await first.kill('SIGKILL')).toBe('SIGKILL');
    const second = spawnTs(child, [path]);
    expect(await second.exited, second.output()).toBe(0);

    const store = createSqliteEventStore({ path });
    expect(dumpTables(store.db)).toBe(expected);
    await store.close();
  });
});
