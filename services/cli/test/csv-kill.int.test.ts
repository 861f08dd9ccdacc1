import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSqliteEventStore } from '@statledger/event-store-sqlite';
import { verifyChain } from '@statledger/event-store';
import { workspace } from './serve-fixture.ts';

/** 1 district, 10 townships × 40 villages, 12 months: 4,800 reports in one wide CSV. */
function cityFiles(dir: string) {
  const units = ['code,name,parentCode', '1101,市辖区,11', '110101,东城区,1101'];
  const rows = [
    'form,unitCode,period,SAN_ROAD_AREA,SAN_WASTE_COLLECTED,SAN_WASTE_HARMLESS,SAN_NIGHT_SOIL,SAN_CONSTRUCTION_WASTE,SAN_PUBLIC_TOILETS,SAN_CLEANERS',
  ];
  for (let t = 1; t <= 10; t++) {
    const township = `110101${String(t).padStart(3, '0')}`;
    units.push(`${township},街道${t},110101`);
    for (let v = 1; v <= 40; v++) units.push(`${township}${String(v).padStart(3, '0')},社区${t}-${v},${township}`);
  }
  for (let m = 1; m <= 12; m++) {
    for (const line of units.slice(3)) {
      const code = line.split(',')[0]!;
      if (code.length !== 12) continue;
      rows.push(`sanitation,${code},2025-${String(m).padStart(2, '0')},2.5,${100 + m}.5,${99 + m},12,30,4,11`);
    }
  }
  writeFileSync(join(dir, 'units.csv'), units.join('\n'));
  writeFileSync(join(dir, 'reports.csv'), rows.join('\n'));
  return rows.length - 1;
}

describe('a CSV import killed midway (SIGKILL) and run again', () => {
  it('loses no report and doubles none', async () => {
    const ws = workspace();
    const expected = cityFiles(ws.dir);
    const units = ws.run(['units', 'import', join(ws.dir, 'units.csv')]);
    expect(await units.exited, units.output()).toBe(0);

    // Batches of 1,000 reports, so the kill falls between two commits of the file.
    const first = ws.run(['submit', join(ws.dir, 'reports.csv'), '--batch', '1000']);
    await first.waitForLine(/^progress: (1[0-9]{3}|[2-9][0-9]{3}) appended/);
    expect(await first.kill('SIGKILL')).toBe('SIGKILL');

    const path = ws.env.STATLEDGER_STORE.slice('sqlite:'.length);
    const store = createSqliteEventStore({ path });
    const survived = (await store.readAll({ filter: { streamPrefixes: ['report-'] } })).length;
    expect(survived).toBeGreaterThanOrEqual(1_000);
    expect(survived).toBeLessThan(expected);

    const second = ws.run(['submit', join(ws.dir, 'reports.csv'), '--batch', '1000']);
    const summary = await second.waitForLine(/^reports \(wide layout/);
    expect(await second.exited, second.output()).toBe(0);
    expect(summary).toBe(
      `reports (wide layout, ${expected} rows): ${expected - survived} appended, ${survived} already imported, 0 rejected`,
    );

    const reports = await store.readAll({ filter: { streamPrefixes: ['report-'] } });
    expect(reports).toHaveLength(expected);
    expect(new Set(reports.map((e) => e.stream)).size).toBe(expected);
    expect(await verifyChain(store)).toMatchObject({ ok: true });
    await store.close();
  });

  it('refuses a batch size that is not a whole number from 1, naming the option', async () => {
    const ws = workspace();
    const run = ws.run(['submit', 'reports.csv', '--batch', '0']);
    expect(await run.exited).not.toBe(0);
    expect(run.output()).toMatch(/--batch: takes a whole number of reports from 1 to 100,000/);
  });
});
