import { Readable } from 'node:stream';
import { join } from 'node:path';
import { formatPeriod, parsePeriod, shiftPeriod, type UnitCode } from '@statledger/domain';
import { importReportsCsv, importUnitsCsv, type Principal } from '@statledger/intake';
import { openRuntime } from '@statledger/pipeline';
import { sweepDeadlines } from '@statledger/deadlines';
import { runQualityWorker } from '@statledger/quality';

const admin: Principal = { id: 'bench-admin', role: 'admin', unit: 'national' };
const TOWNSHIPS = 5;
const VILLAGES = 300;
const FIRST = '2023-01';
const MONTHS = 30;

export interface ClosedPeriodFigures {
  units: number;
  closedPeriods: number;
  overdue: number;
  reports: number;
  importMs: number;
  /** Null when the worker had not caught up within the time limit. */
  qualityMs: number | null;
  eventsChecked: number;
  findings: number;
  limitMs: number;
}

/**
 * Reports that arrive for periods the sweeper has already closed: a district of 5 townships × 300 villages
 * registered in January 2023 whose first month was reported on time, its later months swept on 1 August 2025
 * (every report overdue), then the other 43,500 monthly sanitation reports imported at once and checked. Every report re-opens checks across
 * units of a closed period; they must cost in proportion to what changed.
 */
export async function closedPeriods(dir: string, limitMs: number): Promise<ClosedPeriodFigures> {
  const clock = { now: new Date('2023-01-02T09:00:00+08:00') };
  const runtime = await openRuntime({ store: `sqlite:${join(dir, 'store.db')}`, now: () => clock.now });
  try {
    const units = await importUnitsCsv(Readable.from([unitsCsv()]), runtime, {
      principal: admin,
      correlationId: 'bench-units',
    });
    const [header, ...rows] = reportsCsv();
    const first = rows.slice(0, TOWNSHIPS * VILLAGES);
    clock.now = new Date('2023-02-03T09:00:00+08:00');
    await importReportsCsv(Readable.from([[header, ...first].join('\n')]), runtime, {
      principal: admin,
      correlationId: 'bench-first-month',
    });
    clock.now = new Date('2025-08-01T09:00:00+08:00');
    const swept = await sweepDeadlines({ store: runtime.store, catalogue: runtime.catalogue, now: clock.now });
    clock.now = new Date('2025-08-02T09:00:00+08:00');
    const t0 = performance.now();
    const imported = await importReportsCsv(
      Readable.from([[header, ...rows.slice(first.length)].join('\n')]),
      runtime,
      { principal: admin, correlationId: 'bench-reports' },
    );
    const importMs = performance.now() - t0;
    const t1 = performance.now();
    const stop = new AbortController();
    const timer = setTimeout(() => stop.abort(), limitMs);
    const quality = await runQualityWorker({
      store: runtime.store,
      checkpoints: runtime.projections.checkpoints,
      catalogue: runtime.catalogue,
      sources: runtime.sourceRegistry,
      stopWhenCaughtUp: true,
      signal: stop.signal,
    });
    clearTimeout(timer);
    return {
      units: units.registered,
      closedPeriods: swept.closed.length,
      overdue: swept.closed.reduce((s, c) => s + c.overdue, 0),
      reports: first.length + imported.reports.appended,
      importMs,
      qualityMs: stop.signal.aborted ? null : performance.now() - t1,
      eventsChecked: quality.eventsFolded,
      findings: quality.findingsRaised,
      limitMs,
    };
  } finally {
    await runtime.close();
  }
}

const district = '110101';
const township = (t: number) => `${district}${String(t).padStart(3, '0')}`;
const village = (t: number, v: number) => `${township(t)}${String(v).padStart(3, '0')}` as UnitCode;

function unitsCsv(): string {
  const lines = ['code,name,parentCode', '1101,市辖区,11', `${district},区,1101`];
  for (let t = 1; t <= TOWNSHIPS; t++) {
    lines.push(`${township(t)},街道${t},${district}`);
    for (let v = 1; v <= VILLAGES; v++) lines.push(`${village(t, v)},村${t}-${v},${township(t)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A village's month: a level of its own (over two orders of magnitude), seasons and noise; seeded by position. */
function reportsCsv(): string[] {
  const lines = [
    'form,unitCode,period,SAN_ROAD_AREA,SAN_WASTE_COLLECTED,SAN_WASTE_HARMLESS,SAN_NIGHT_SOIL,SAN_CONSTRUCTION_WASTE,SAN_PUBLIC_TOILETS,SAN_CLEANERS',
  ];
  let state = 20251130;
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const months = Array.from({ length: MONTHS }, (_, m) => formatPeriod(shiftPeriod(parsePeriod(FIRST), m)));
  for (const [m, month] of months.entries()) {
    for (let t = 1; t <= TOWNSHIPS; t++) {
      for (let v = 1; v <= VILLAGES; v++) {
        const level = 10 * Math.exp(((v * 7919 + t * 104729) % 1000) / 200);
        const collected = level * (1 + 0.08 * Math.sin((2 * Math.PI * (m - 3)) / 12)) * (0.93 + 0.14 * random());
        const tonnes = (x: number) => x.toFixed(2);
        lines.push(
          [
            'sanitation',
            village(t, v),
            month,
            tonnes(level / 50),
            tonnes(collected),
            tonnes(collected * 0.97),
            tonnes(collected / 10),
            tonnes(collected / 4),
            String(2 + (v % 7)),
            String(5 + (v % 11)),
          ].join(','),
        );
      }
    }
  }
  return lines;
}
