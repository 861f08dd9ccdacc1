import { describe, expect, it } from 'vitest';
import type { BenchResults, CityRun, PostgresRun, StoreRun } from '../src/results.ts';
import { renderTable } from '../src/table.ts';

const rates = (events: number, appendPerSec: number, readPerSec: number) => ({ events, appendPerSec, readPerSec });
const cityRun = (ingestMs: number, mode: 'stages' | 'services' = 'stages'): CityRun => ({
  pipeline: {
    mode,
    reports: 1_000,
    setupUnits: { ms: 10, events: 50 },
    ingest: { ms: ingestMs, events: 1_000, rejected: 0 },
    ...(mode === 'services'
      ? {
          quality: { ms: ingestMs + 500, events: 1_050, findings: 200 },
          projection: { ms: ingestMs + 600, events: 2_250 },
          totalMs: ingestMs + 600,
        }
      : {
          quality: { ms: 2_000, events: 1_050, findings: 200 },
          projection: { ms: 500, events: 2_250 },
          totalMs: ingestMs + 2_500,
        }),
    storeFile: 'x',
    ...(mode === 'services' ? { servicesPeakRssMiB: { ingest: 300, 'quality-worker': 420, projector: 250 } } : {}),
  },
  peakRssMiB: 300,
  rebuild: {
    events: 2_250,
    ms: 450,
    eventsPerSec: 5_000,
    rawReplayPerSec: 20_000,
    rawRowWriteMs: 87.5,
    ceilingPerSec: 11_250,
    ratios: [0.3, 0.25, 0.2],
    peakRssMiB: 200,
  },
});
const storeRun = (ours: number, raw: number): StoreRun => ({
  batched: {
    streams: 500,
    ours: rates(2_250, ours, 50_000),
    raw: rates(2_250, raw, 100_000),
    rawIndexed: rates(2_250, raw / 2, 100_000),
    ratios: [0.9, 0.8, 0.7],
  },
  // At the import's batch ours appends twice as fast; the raw rates stay.
  importBatch: {
    streams: 20_000,
    ours: rates(2_250, ours * 2, 50_000),
    raw: rates(2_250, raw, 100_000),
    rawIndexed: rates(2_250, raw / 2, 100_000),
    ratios: [1.2, 1.4, 1.3],
  },
  emmett: rates(300, 250, 40_000),
  oursOneByOne: rates(300, 5_000, 80_000),
});

const postgresRun = (ours: number, emmettAppend: number): PostgresRun => ({
  store: {
    streams: 500,
    ours: rates(2_250, ours, 60_000),
    raw: rates(2_250, 90_000, 100_000),
    rawIndexed: rates(2_250, 60_000, 120_000),
    rawCopy: rates(2_250, 120_000, 120_000),
    ratios: [0.55, 0.5, 0.45],
    // At the import's batch ours appends half as fast again; the indexed raw INSERT is slower.
    importBatch: {
      streams: 20_000,
      ours: rates(2_250, ours * 1.5, 60_000),
      raw: rates(2_250, 90_000, 100_000),
      rawIndexed: rates(2_250, 45_000, 120_000),
      rawCopy: rates(2_250, 100_000, 120_000),
      ratios: [1.1, 1.0, 0.9],
    },
    oursOneByOne: rates(300, 1_500, 30_000),
    rebuild: {
      events: 2_250,
      ms: 100,
      eventsPerSec: 24_000,
      rawReadPerSec: 96_000,
      rawRowWriteMs: 51.5625,
      ceilingPerSec: 30_000,
      ratios: [0.3, 0.25, 0.2],
    },
  },
  emmett: rates(300, emmettAppend, 20_000),
});

describe('benchmark table', () => {
  const results: BenchResults = {
    startedAt: '2026-11-22T00:00:00.000Z',
    machine: { cpus: 2, node: 'v20', platform: 'linux x64' },
    options: { runs: 3, national: false, services: true, seed: 1, emmettEvents: 300 },
    city: [cityRun(1_000), cityRun(3_000), cityRun(2_000)],
    cityServices: { ...cityRun(4_000, 'services'), rebuild: undefined },
    store: [storeRun(30_000, 60_000), storeRun(10_000, 100_000), storeRun(20_000, 80_000)],
    postgres: [postgresRun(40_000, 500), postgresRun(20_000, 700), postgresRun(30_000, 600)],
    http: {
      requests: 3_000,
      ratePerSec: 200,
      p50Ms: 3,
      p99Ms: 40,
      maxMs: 80,
      non2xx: 0,
      errors: 0,
      floor: { requests: 2000, ratePerSec: 200, p50Ms: 1, p99Ms: 9, maxMs: 15, non2xx: 0, errors: 0 },
      statistics: [
        {
          path: '/v1/stats/sanitation?unit=110100000000&period=2025-06',
          requests: 10,
          medianMs: 1.84,
          maxMs: 3.1,
          rolledUpMedianMs: 121.46,
        },
      ],
      peakRssMiB: 200,
    },
    httpPostgres: {
      steps: [
        { targetPerSec: 200, requests: 1000, ratePerSec: 166.7, p50Ms: 9, p99Ms: 31, maxMs: 60, non2xx: 0, errors: 0 },
        { targetPerSec: 400, requests: 2000, ratePerSec: 400, p50Ms: 12, p99Ms: 58, maxMs: 90, non2xx: 0, errors: 0 },
      ],
      highestPerSec: 200,
      limitMs: 50,
    },
    closedPeriods: {
      units: 1_507,
      closedPeriods: 30,
      overdue: 43_650,
      reports: 45_000,
      importMs: 2_000,
      qualityMs: 30_000,
      eventsChecked: 90_000,
      findings: 1,
      limitMs: 600_000,
      peakRssMiB: 700,
    },
    wallMs: 60_000,
  };
  const table = renderTable(results);
  const row = (start: string) =>
    table
      .split('\n')
      .find((line) => line.trimStart().startsWith(start))!
      .trim()
      .split(/\s{2,}/);

  it('shows the quality run over reports of closed periods, or that it did not finish in its time', () => {
    expect(row('quality run over them')).toEqual(['quality run over them', '90,000', '30.0', '3,000', '700']);
    const unfinished = renderTable({ ...results, closedPeriods: { ...results.closedPeriods, qualityMs: null } });
    expect(unfinished).toMatch(/quality run over them: not done in 600\.0 s +90,000 +- +- +700/);
  });

  it('shows the median of the runs for each stage', () => {
    // Ingest of 1,000 reports: runs of 1, 3 and 2 s → 2.0 s, 500 reports/s.
    expect(row('ingest')).toEqual([
      'ingest (CSV upload path: validate, decide, append, chain)',
      '1,000',
      '2.0',
      '500',
      '500',
    ]);
    // End to end: 3.5, 5.5 and 4.5 s → 4.5 s.
    expect(row('end to end, stage after stage')).toEqual([
      'end to end, stage after stage',
      '2,250',
      '4.5',
      '222',
      '500',
    ]);
  });

  it('shows the run with the services as its own block, each with the peak RSS of its process', () => {
    const block = table.split('\n').slice(table.split('\n').findIndex((line) => line.includes('as services')));
    expect(block[1]!.trim().split(/\s{2,}/)).toEqual([
      'ingest (CSV upload path: validate, decide, append, chain)',
      '1,000',
      '4.0',
      '250',
      '250',
      '300',
    ]);
    expect(row('quality worker')).toEqual([
      'quality worker (own process) done, from the first upload',
      '1,050',
      '4.5',
      '222',
      '233',
      '420',
    ]);
    expect(row('end to end: projector')).toEqual([
      'end to end: projector (own process) done, from the first upload',
      '2,250',
      '4.6',
      '217',
      '489',
      '250',
    ]);
  });

  it('gives ratios of medians against the raw limit and against Emmett', () => {
    // Ours 30k/10k/20k → 20,000; raw 60k/100k/80k → 80,000; 0.25.
    expect(row('append, 500 streams')).toEqual([
      'append, 500 streams per transaction',
      '2,250',
      '20,000',
      '80,000',
      '0.25',
    ]);
    // Raw with the port's indexes at half the bare rate: 30k/50k/40k → 40,000; 0.50.
    // The label gives the first run's rounds.
    expect(row('raw with the unique indexes')).toEqual([
      'raw with the unique indexes and hash column the port needs (the median round of 3: 0.90, 0.80, 0.70)',
      '2,250',
      '20,000',
      '40,000',
      '0.50',
    ]);
    // At the CSV import's batch: ours 60k/20k/40k → 40,000 against the same raw medians.
    expect(row('append, 20,000 streams')).toEqual([
      "append, 20,000 streams per transaction (the CSV import's batch)",
      '2,250',
      '40,000',
      '80,000',
      '0.50',
    ]);
    const indexedRows = table.split('\n').filter((line) => line.trimStart().startsWith('raw with the unique indexes'));
    expect(indexedRows[1]!.trim().split(/\s{2,}/)).toEqual([
      'raw with the unique indexes and hash column the port needs (the median round of 3: 1.20, 1.40, 1.30)',
      '2,250',
      '40,000',
      '40,000',
      '1.00',
    ]);
    // What the indexes leave of the bare rate, at both batch sizes: 40,000 of 80,000.
    const ceilings = table.split('\n').filter((line) => line.trimStart().startsWith('ceiling for such a store'));
    expect(ceilings.map((line) => line.trim().split(/\s{2,}/))).toEqual([
      ['ceiling for such a store: raw with the indexes / bare raw', '2,250', '0.50'],
      ['ceiling for such a store: raw with the indexes / bare raw', '2,250', '0.50'],
    ]);
    expect(row('append, one stream')).toEqual([
      'append, one stream per call (the API; Emmett)',
      '300',
      '5,000',
      '250',
      '20.00',
    ]);
    expect(row('rebuild / raw replay')).toEqual([
      'rebuild / raw replay (the median round of 3: 0.30, 0.25, 0.20)',
      '0.25',
    ]);
    // The replay of 2,250 events at 20,000/s (112.5 ms) and the raw write of 87.5 ms: 200 ms, 11,250 events/s.
    expect(row('ceiling: that replay')).toEqual([
      'ceiling: that replay, then the rows the rebuild left written raw (no fold)',
      '0.2',
      '11,250',
    ]);
    expect(row('ceiling / raw replay')).toEqual(['ceiling / raw replay; rebuild / ceiling', '0.56; 0.44']);
  });

  it('leaves out the rebuild where a run had none, and the services block where none ran', () => {
    const { cityServices: _, ...withoutServices } = results;
    const lines = renderTable(withoutServices).split('\n');
    expect(lines.filter((line) => line.includes('rebuild / raw replay'))).toHaveLength(1);
    expect(lines.some((line) => line.includes('as services'))).toBe(false);
  });

  it('names the national month by how its pipeline ran', () => {
    const national: CityRun = { ...cityRun(5_000, 'services'), rebuild: undefined };
    expect(renderTable({ ...results, national })).toMatch(
      /^national month 2025-06, every village, quality worker and projector as services \(1 run\)\s+1,000\s*$/m,
    );
  });

  it('shows how long each statistics question took, one request at a time, and rolled up again', () => {
    expect(row('/v1/stats/sanitation')).toEqual([
      '/v1/stats/sanitation?unit=110100000000&period=2025-06',
      '10',
      '1.8',
      '3.1',
      '121.5',
    ]);
  });

  it('sets the submissions against the floor: /healthz at the same rate', () => {
    expect(row('GET /healthz at the same rate')).toEqual([
      'GET /healthz at the same rate: the floor, the server doing nothing',
      '2,000',
      '200',
      '1.0',
      '9.0',
      '15.0',
      '0',
    ]);
  });

  it('raises the rate on two API processes on PostgreSQL and says the highest with p99 under the limit', () => {
    expect(table).toContain('two API processes on PostgreSQL, 5 s per step (highest with p99 < 50 ms: 200/s)');
    expect(row('400/s asked')).toEqual(['400/s asked, half to each', '2,000', '400', '12.0', '58.0', '90.0', '0']);
  });

  it("says when Emmett's store failed and was measured again", () => {
    const failed = {
      ...results,
      store: results.store.map((r, i) =>
        i === 1 ? { ...r, emmett: { ...r.emmett, failures: ['SQLITE_BUSY: cannot commit transaction'] } } : r,
      ),
    };
    expect(renderTable(failed)).toContain(
      'Emmett failed 1 attempt(s), each measured again on a fresh file: SQLITE_BUSY: cannot commit transaction',
    );
  });

  it('sets our PostgreSQL store against raw INSERTs, COPY and Emmett, medians of the runs', () => {
    const block = table
      .split('\n')
      .slice(table.split('\n').findIndex((line) => line.startsWith('store on PostgreSQL')));
    /** The cells of the first line from `after` on that starts with `start`. */
    const cellsFrom = (after: string) => (start: string) =>
      block
        .slice(block.findIndex((line) => line.startsWith(after)))
        .find((line) => line.trimStart().startsWith(start))!
        .trim()
        .split(/\s{2,}/);
    const cells = cellsFrom('store on PostgreSQL');
    // Ours 40k/20k/30k → 30,000 against 90,000 bare, 60,000 indexed, 120,000 by COPY.
    expect(cells('append, 500 streams')).toEqual([
      'append, 500 streams per transaction; raw: one INSERT of arrays, bare table',
      '2,250',
      '30,000',
      '90,000',
      '0.33',
    ]);
    expect(cells('raw INSERT into a table')).toEqual([
      'raw INSERT into a table with the unique indexes and hash column the port needs (the median round of 3: 0.55, 0.50, 0.45)',
      '2,250',
      '30,000',
      '60,000',
      '0.50',
    ]);
    expect(cells('raw COPY')).toEqual([
      'raw COPY into that table (the fastest way in)',
      '2,250',
      '30,000',
      '120,000',
      '0.25',
    ]);
    // At 20,000 streams: ours 60k/30k/45k → 45,000 against 90,000 bare, 45,000 indexed, 100,000 by COPY.
    const importCells = cellsFrom('append, 20,000 streams');
    expect(importCells('append, 20,000')).toEqual([
      "append, 20,000 streams per transaction (the CSV import's batch); raw: one INSERT of arrays, bare table",
      '2,250',
      '45,000',
      '90,000',
      '0.50',
    ]);
    expect(importCells('raw INSERT into a table')).toEqual([
      'raw INSERT into a table with the unique indexes and hash column the port needs (the median round of 3: 1.10, 1.00, 0.90)',
      '2,250',
      '45,000',
      '45,000',
      '1.00',
    ]);
    expect(importCells('raw COPY')).toEqual([
      'raw COPY into that table (the fastest way in)',
      '2,250',
      '45,000',
      '100,000',
      '0.45',
    ]);
    // One stream per call: 1,500 against Emmett's 500/700/600 → 600; 2.50.
    expect(cells('append, one stream')).toEqual([
      'append, one stream per call (the API; Emmett)',
      '300',
      '1,500',
      '600',
      '2.50',
    ]);
    // Against the raw read just before the rebuild, not the indexed table's: 24,000 / 96,000.
    expect(cells('rebuild of the read models')).toEqual([
      'rebuild of the read models into PostgreSQL, against a raw read just before (the median round of 3: 0.30, 0.25, 0.20)',
      '2,250',
      '24,000',
      '96,000',
      '0.25',
    ]);
    // The ceiling: 2,250 events read at 96,000/s (23.4 ms), then 51.6 ms of COPY: 30,000 events/s; 24,000 / 30,000.
    expect(cells('ceiling: that read')).toEqual([
      'ceiling: that read, then the rows the rebuild left COPYed raw (no fold); rebuild / ceiling',
      '2,250',
      '24,000',
      '30,000',
      '0.80',
    ]);
  });

  it('prints every other figure when a peer failed in every run, and says why', () => {
    const busy = {
      failed: 'three attempts failed: SQLITE_BUSY: cannot commit transaction',
      failures: ['SQLITE_BUSY: cannot commit transaction'],
    };
    const failedPeers = renderTable({
      ...results,
      store: results.store.map((r) => ({ ...r, emmett: busy })),
      postgres: results.postgres.map((r) => ({ ...r, emmett: { failed: 'connect ECONNREFUSED' } })),
    });
    const sqliteRow = failedPeers
      .split('\n')
      .find((line) => line.startsWith('append, one stream'))!
      .trim()
      .split(/\s{2,}/);
    expect(sqliteRow).toEqual(['append, one stream per call (the API; Emmett)', '300', '5,000', 'failed']);
    expect(failedPeers).toContain(
      'Emmett failed in 3 of 3 run(s), its figures are of the others: three attempts failed: SQLITE_BUSY',
    );
    expect(failedPeers).toContain("Emmett's PostgreSQL store failed in 3 of 3 run(s)");
    expect(failedPeers).toMatch(/raw COPY into that table \(the fastest way in\)\s+2,250\s+30,000\s+120,000\s+0\.25/);
  });

  it('says when our PostgreSQL rows could not be measured', () => {
    const down = renderTable({
      ...results,
      postgres: results.postgres.map((r) => ({ ...r, store: { failed: 'PostgreSQL does not answer' } })),
    });
    expect(down).toContain('PostgreSQL: no figures');
    expect(down).toContain('our PostgreSQL rows failed in 3 of 3 run(s): PostgreSQL does not answer');
    expect(down).toMatch(/^ +ingest \(CSV upload path/m);
  });
});
