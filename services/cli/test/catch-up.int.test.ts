import { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createSqliteEventStore } from '@statledger/event-store-sqlite';
import { loadFormCatalogue } from '@statledger/form-catalogue';
import {
  createReportService,
  createUnitRegistry,
  importReportsCsv,
  importUnitsCsv,
  type Principal,
} from '@statledger/intake';
import { sweepDeadlines } from '@statledger/deadlines';
import { workspace } from './serve-fixture.ts';

const admin: Principal = { id: 'admin', role: 'admin', unit: 'national' };
const TOWNSHIPS = 3;
const VILLAGES = 150;
const MONTHS = [
  '2024-01',
  '2024-02',
  '2024-03',
  '2024-04',
  '2024-05',
  '2024-06',
  '2024-07',
  '2024-08',
  '2024-09',
  '2024-10',
  '2024-11',
  '2024-12',
];
const village = (t: number, v: number) => `110101${String(t).padStart(3, '0')}${String(v).padStart(3, '0')}`;

/**
 * A store with a backlog nothing has checked yet: 450 villages, their year swept closed (every report overdue),
 * then the year's 5,400 reports, late. This is what a restart after a big import of closed periods finds.
 */
async function backlog(path: string) {
  let now = new Date('2024-01-02T09:00:00+08:00');
  const store = createSqliteEventStore({ path, now: () => now });
  const catalogue = loadFormCatalogue();
  const units = createUnitRegistry(store);
  const lines = ['code,name,parentCode', '1101,市辖区,11', '110101,东城区,1101'];
  for (let t = 1; t <= TOWNSHIPS; t++) {
    lines.push(`110101${String(t).padStart(3, '0')},街道${t},110101`);
    for (let v = 1; v <= VILLAGES; v++) lines.push(`${village(t, v)},村${t}-${v},110101${String(t).padStart(3, '0')}`);
  }
  await importUnitsCsv(Readable.from([lines.join('\n')]), { store, units }, { principal: admin });
  await units.catchUp();
  const reports = createReportService({ store, catalogue, units });
  const rows = (months: string[]) =>
    [
      'form,unitCode,period,SAN_ROAD_AREA,SAN_WASTE_COLLECTED,SAN_WASTE_HARMLESS,SAN_NIGHT_SOIL,SAN_CONSTRUCTION_WASTE,SAN_PUBLIC_TOILETS,SAN_CLEANERS',
    ]
      .concat(
        months.flatMap((month, m) =>
          Array.from({ length: TOWNSHIPS * VILLAGES }, (_, i) => {
            const collected = (20 + (i % 97) * 3 + m).toFixed(2);
            return `sanitation,${village(1 + Math.floor(i / VILLAGES), 1 + (i % VILLAGES))},${month},1.5,${collected},${collected},2.5,4,3,6`;
          }),
        ),
      )
      .join('\n');
  now = new Date('2024-02-03T09:00:00+08:00');
  await importReportsCsv(Readable.from([rows(MONTHS.slice(0, 1))]), { store, reports }, { principal: admin });
  now = new Date('2025-02-01T09:00:00+08:00');
  await sweepDeadlines({ store, catalogue, now });
  await importReportsCsv(Readable.from([rows(MONTHS.slice(1))]), { store, reports }, { principal: admin });
  await store.close();
}

describe('statledger serve with a backlog', () => {
  it('listens at once, answers /healthz promptly throughout the catch-up, says "catching up" until ready, and stops on SIGTERM', async () => {
    const ws = workspace();
    await backlog(ws.env.STATLEDGER_STORE.slice('sqlite:'.length));
    const server = await ws.serve();
    const healthz: number[] = [];
    const readiness: string[] = [];
    for (let i = 0; i < 600; i++) {
      const t0 = performance.now();
      const health = await fetch(`${server.url}/healthz`);
      healthz.push(performance.now() - t0);
      expect(health.status).toBe(200);
      const ready = await fetch(`${server.url}/readyz`);
      const body = (await ready.json()) as { status: string; followers: { 'stats-projector': { behind: number } } };
      readiness.push(body.status);
      if (body.status === 'ready') break;
      await delay(25);
    }
    expect(readiness[0]).toBe('catching up');
    expect(readiness.at(-1)).toBe('ready');
    healthz.sort((a, b) => a - b);
    // The followers run on their own thread: the API's event loop stays free whatever they fold and check.
    expect(healthz[Math.floor(healthz.length * 0.95)]).toBeLessThan(100);
    // Stopped in the middle of the quality worker's catch-up, it finishes its batch and exits.
    const t0 = performance.now();
    await server.child.kill('SIGTERM');
    expect(performance.now() - t0).toBeLessThan(15_000);
  });
});
