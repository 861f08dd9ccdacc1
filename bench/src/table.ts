import { median } from 'simple-statistics';
import type { BenchResults, CityRun, PostgresRun, StoreRun } from './results.ts';
import { peerFailed, type BatchedAppend, type PeerRates, type StoreRates } from './store-baselines.ts';
import type { PostgresAppends, PostgresStoreRun } from './postgres-baselines.ts';
import type { PipelineMode } from './pipeline-run.ts';
import { roundsOf } from './rounds.ts';

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const s = (ms: number) => (ms / 1000).toFixed(1);
const ratio = (a: number, b: number) => (a / b).toFixed(2);
const ms = (x: number) => x.toFixed(1);
const med = <T>(runs: T[], figure: (run: T) => number) => median(runs.map(figure));

/** A peer's figure: the median over the runs where it did not fail, undefined when it failed in every one. */
function peerMedian(peers: PeerRates[], figure: (rates: StoreRates) => number): number | undefined {
  const measured = peers.filter((p): p is StoreRates => !peerFailed(p));
  return measured.length ? median(measured.map(figure)) : undefined;
}
const peerCell = (x: number | undefined) => (x === undefined ? 'failed' : n(x));
const peerRatio = (ours: number, peer: number | undefined) => (peer === undefined ? '' : ratio(ours, peer));

/** What the results should say about a peer: its failed attempts measured again, and the runs it failed. */
function peerNotes(name: string, peers: PeerRates[]): string[] {
  const retried = peers.flatMap((p) => (peerFailed(p) ? [] : (p.failures ?? [])));
  const failed = peers.filter(peerFailed).map((p) => p.failed);
  return [
    ...(retried.length
      ? [
          `${name} failed ${retried.length} attempt(s), each measured again on a fresh file: ${[...new Set(retried)].join('; ')}`,
        ]
      : []),
    ...(failed.length
      ? [
          `${name} failed in ${failed.length} of ${peers.length} run(s), its figures are of the others: ${[...new Set(failed)].join('; ')}`,
        ]
      : []),
  ];
}

function columns(cells: string[][]): string {
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return cells
    .map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '))
    .join('\n');
}

const MODE_LABELS: Record<PipelineMode, string> = {
  stages: 'stage after stage in one process',
  services: 'quality worker and projector as services',
};

type Rebuilt = CityRun & { rebuild: NonNullable<CityRun['rebuild']> };

function rebuildRows(runs: Rebuilt[]): string[][] {
  const p = (f: (r: Rebuilt) => number) => med(runs, f);
  return [
    [
      '  rebuild of the read models from the log (own process)',
      '',
      n(p((r) => r.rebuild.events)),
      s(p((r) => r.rebuild.ms)),
      '',
      n(p((r) => r.rebuild.eventsPerSec)),
      n(p((r) => r.rebuild.peakRssMiB)),
    ],
    [
      '  raw replay of the same log just before (SELECT + JSON.parse)',
      '',
      '',
      '',
      '',
      n(p((r) => r.rebuild.rawReplayPerSec)),
      '',
    ],
    [
      `  rebuild / raw replay (the median round of ${roundsOf(runs[0]!.rebuild.ratios)})`,
      '',
      '',
      '',
      '',
      ratio(
        p((r) => r.rebuild.eventsPerSec),
        p((r) => r.rebuild.rawReplayPerSec),
      ),
      '',
    ],
    [
      '  ceiling: that replay, then the rows the rebuild left written raw (no fold)',
      '',
      '',
      s(p((r) => r.rebuild.events / (r.rebuild.ceilingPerSec / 1000))),
      '',
      n(p((r) => r.rebuild.ceilingPerSec)),
      '',
    ],
    [
      '  ceiling / raw replay; rebuild / ceiling',
      '',
      '',
      '',
      '',
      `${ratio(
        p((r) => r.rebuild.ceilingPerSec),
        p((r) => r.rebuild.rawReplayPerSec),
      )}; ${ratio(
        p((r) => r.rebuild.eventsPerSec),
        p((r) => r.rebuild.ceilingPerSec),
      )}`,
      '',
    ],
  ];
}

function pipelineRows(label: string, runs: CityRun[]): string[][] {
  const p = (f: (r: CityRun) => number) => med(runs, f);
  const reports = p((r) => r.pipeline.reports);
  const stage = (name: string, ms: (r: CityRun) => number, events: (r: CityRun) => number, rss = '') => [
    `  ${name}`,
    '',
    n(p(events)),
    s(p(ms)),
    n(reports / (p(ms) / 1000)),
    n(p(events) / (p(ms) / 1000)),
    rss,
  ];
  const services = runs[0]!.pipeline.mode === 'services';
  const serviceRss = (name: string) => n(p((r) => r.pipeline.servicesPeakRssMiB?.[name] ?? 0));
  const stages = services
    ? [
        stage(
          'ingest (CSV upload path: validate, decide, append, chain)',
          (r) => r.pipeline.ingest.ms,
          (r) => r.pipeline.ingest.events,
          serviceRss('ingest'),
        ),
        stage(
          'quality worker (own process) done, from the first upload',
          (r) => r.pipeline.quality.ms,
          (r) => r.pipeline.quality.events,
          serviceRss('quality-worker'),
        ),
        stage(
          'end to end: projector (own process) done, from the first upload',
          (r) => r.pipeline.totalMs,
          (r) => r.pipeline.projection.events,
          serviceRss('projector'),
        ),
      ]
    : [
        stage(
          'ingest (CSV upload path: validate, decide, append, chain)',
          (r) => r.pipeline.ingest.ms,
          (r) => r.pipeline.ingest.events,
        ),
        stage(
          'quality checks (worker to the head of the log)',
          (r) => r.pipeline.quality.ms,
          (r) => r.pipeline.quality.events,
        ),
        stage(
          'projection through all tiers',
          (r) => r.pipeline.projection.ms,
          (r) => r.pipeline.projection.events,
        ),
        stage(
          'end to end, stage after stage',
          (r) => r.pipeline.totalMs,
          (r) => r.pipeline.projection.events,
        ),
      ];
  return [
    [label, n(reports), '', '', '', '', services ? '' : n(p((r) => r.peakRssMiB))],
    ...stages,
    ...(runs[0]!.rebuild ? rebuildRows(runs as Rebuilt[]) : []),
    [
      `  (units registered before: ${n(p((r) => r.pipeline.setupUnits.events))} in ${s(p((r) => r.pipeline.setupUnits.ms))} s)`,
      '',
      '',
      '',
      '',
      '',
      '',
    ],
  ];
}

/** Our batched append against the bare raw table, then against the one with the port's indexes, then what the indexes leave of the bare rate. */
function appendRows(
  store: StoreRun[],
  of: (run: StoreRun) => BatchedAppend,
  label: string,
  events: string,
): string[][] {
  const rate = (f: (a: BatchedAppend) => StoreRates) => med(store, (r) => f(of(r)).appendPerSec);
  const [ours, raw, rawIndexed] = [rate((a) => a.ours), rate((a) => a.raw), rate((a) => a.rawIndexed)];
  return [
    [
      `append, ${n(of(store[0]!).streams)} streams per transaction${label}`,
      events,
      n(ours),
      n(raw),
      '',
      ratio(ours, raw),
      '',
    ],
    [
      `  raw with the unique indexes and hash column the port needs (the median round of ${roundsOf(of(store[0]!).ratios)})`,
      events,
      n(ours),
      n(rawIndexed),
      '',
      ratio(ours, rawIndexed),
      '',
    ],
    // What those indexes alone leave of the bare rate: no store that keeps the port's promises can do better.
    ['  ceiling for such a store: raw with the indexes / bare raw', events, '', '', '', ratio(rawIndexed, raw), ''],
  ];
}

/** The figures as a table: medians of the runs, each ratio computed from medians of the same runs. */
export function renderTable(results: BenchResults): string {
  const { city, cityServices, store, http, national } = results;
  const header = ['workload', 'reports', 'events', 'wall s', 'reports/s', 'events/s', 'peak RSS MiB'];
  const rows = [
    header,
    ...pipelineRows(`Beijing 2025, full year, ${MODE_LABELS.stages} (median of ${city.length})`, city),
    ...(cityServices ? pipelineRows(`Beijing 2025, full year, ${MODE_LABELS.services} (1 run)`, [cityServices]) : []),
  ];
  if (national)
    rows.push(
      ...pipelineRows(`national month 2025-06, every village, ${MODE_LABELS[national.pipeline.mode]} (1 run)`, [
        national,
      ]),
    );
  const storeRate = (f: (r: StoreRun) => number) => med(store, f);
  const emmett = store.map((r) => r.emmett);
  const single = {
    ours: storeRate((r) => r.oursOneByOne.appendPerSec),
    emmett: peerMedian(emmett, (r) => r.appendPerSec),
  };
  const read = {
    ours: storeRate((r) => r.batched.ours.readPerSec),
    raw: storeRate((r) => r.batched.raw.readPerSec),
    oursSample: storeRate((r) => r.oursOneByOne.readPerSec),
    emmett: peerMedian(emmett, (r) => r.readPerSec),
  };
  const events = n(store[0]!.batched.raw.events);
  const storeTable = [
    [
      'store, same rows (events/s, median of ' + store.length + ')',
      'events',
      'ours',
      'raw SQLite',
      'Emmett',
      'ours/raw',
      'ours/Emmett',
    ],
    ...appendRows(store, (r) => r.batched, '', events),
    ...appendRows(store, (r) => r.importBatch, " (the CSV import's batch)", events),
    [
      'append, one stream per call (the API; Emmett)',
      n(store[0]!.oursOneByOne.events),
      n(single.ours),
      '',
      peerCell(single.emmett),
      '',
      peerRatio(single.ours, single.emmett),
    ],
    ['read everything back in order', events, n(read.ours), n(read.raw), '', ratio(read.ours, read.raw), ''],
    [
      'read back the Emmett sample',
      n(store[0]!.oursOneByOne.events),
      n(read.oursSample),
      '',
      peerCell(read.emmett),
      '',
      peerRatio(read.oursSample, read.emmett),
    ],
  ];
  const storeNote = peerNotes('Emmett', emmett);
  const httpTable = [
    ['HTTP POST /v1/reports on loopback', 'requests', 'rate/s', 'p50 ms', 'p99 ms', 'max ms', 'non-2xx'],
    [
      `fixed rate, each request sent when due, the API ${http.floor ? 'in a process of its own' : "in the bench's process"}`,
      n(http.requests),
      n(http.ratePerSec),
      ms(http.p50Ms),
      ms(http.p99Ms),
      ms(http.maxMs),
      String(http.non2xx + http.errors),
    ],
    ...(http.floor
      ? [
          [
            `GET /healthz at the same rate: the floor, the server doing nothing`,
            n(http.floor.requests),
            n(http.floor.ratePerSec),
            ms(http.floor.p50Ms),
            ms(http.floor.p99Ms),
            ms(http.floor.maxMs),
            String(http.floor.non2xx + http.floor.errors),
          ],
        ]
      : []),
  ];
  const ramp = results.httpPostgres;
  if (ramp && 'failed' in ramp)
    httpTable.push([`two API processes on PostgreSQL: failed: ${ramp.failed}`, '', '', '', '', '', '']);
  else if (ramp) {
    const highest = ramp.highestPerSec === null ? 'none' : `${n(ramp.highestPerSec)}/s`;
    const heading = `two API processes on PostgreSQL, 5 s per step (highest with p99 < ${ramp.limitMs} ms: ${highest})`;
    httpTable.push([heading, '', '', '', '', '', '']);
    for (const step of ramp.steps)
      httpTable.push([
        `  ${n(step.targetPerSec)}/s asked, half to each`,
        n(step.requests),
        n(step.ratePerSec),
        ms(step.p50Ms),
        ms(step.p99Ms),
        ms(step.maxMs),
        String(step.non2xx + step.errors),
      ]);
  }
  const statisticsTable = [
    ['HTTP GET, one request at a time', 'requests', 'median ms', 'max ms', 'rolled up again: median ms'],
    ...http.statistics.map((q) => [
      q.path,
      n(q.requests),
      q.medianMs.toFixed(1),
      q.maxMs.toFixed(1),
      q.rolledUpMedianMs === undefined ? '-' : q.rolledUpMedianMs.toFixed(1),
    ]),
  ];
  const c = results.closedPeriods;
  const closedTable = c
    ? [
        ['reports for closed periods', 'reports', 'events', 'wall s', 'reports/s', 'events/s', 'peak RSS MiB'],
        [
          `  ${n(c.units)} units, ${c.closedPeriods} months swept (${n(c.overdue)} overdue), then the late reports imported`,
          n(c.reports),
          '',
          s(c.importMs),
          '',
          '',
          '',
        ],
        [
          `  quality run over them${c.qualityMs === null ? `: not done in ${s(c.limitMs)} s` : ''}`,
          '',
          n(c.eventsChecked),
          c.qualityMs === null ? '-' : s(c.qualityMs),
          '',
          c.qualityMs === null ? '-' : n(c.eventsChecked / (c.qualityMs / 1000)),
          n(c.peakRssMiB),
        ],
      ]
    : [];
  return [
    columns(rows),
    '',
    columns(storeTable),
    ...storeNote,
    '',
    ...postgresTable(results.postgres),
    '',
    columns(httpTable),
    '',
    columns(statisticsTable),
    ...(c ? ['', columns(closedTable)] : []),
    '',
    `whole benchmark: ${s(results.wallMs)} s on ${results.machine.cpus} CPUs, ${results.machine.node}`,
  ].join('\n');
}

/** Our PostgreSQL store against raw INSERTs and COPY of the same rows, and against Emmett's PostgreSQL store. */
function postgresTable(runs: PostgresRun[]): string[] {
  const measured = runs.map((r) => r.store).filter((s): s is PostgresStoreRun => !('failed' in s));
  const storeFailures = runs.flatMap((r) => ('failed' in r.store ? [r.store.failed] : []));
  const failedNote = storeFailures.length
    ? [
        `our PostgreSQL rows failed in ${storeFailures.length} of ${runs.length} run(s): ${[...new Set(storeFailures)].join('; ')}`,
      ]
    : [];
  const emmett = runs.map((r) => r.emmett);
  if (!measured.length)
    return ['PostgreSQL: no figures', ...failedNote, ...peerNotes("Emmett's PostgreSQL store", emmett)];
  const p = (f: (r: PostgresStoreRun) => number) => med(measured, f);
  const single = { ours: p((r) => r.oursOneByOne.appendPerSec), emmett: peerMedian(emmett, (r) => r.appendPerSec) };
  const read = {
    ours: p((r) => r.ours.readPerSec),
    raw: p((r) => r.rawIndexed.readPerSec),
    sample: p((r) => r.oursOneByOne.readPerSec),
    emmett: peerMedian(emmett, (r) => r.readPerSec),
  };
  const rebuild = p((r) => r.rebuild.eventsPerSec);
  const rebuildRead = p((r) => r.rebuild.rawReadPerSec);
  const events = n(measured[0]!.ours.events);
  const sample = n(measured[0]!.oursOneByOne.events);
  const table = [
    [
      `store on PostgreSQL, same rows (events/s, median of ${measured.length})`,
      'events',
      'ours',
      'raw PostgreSQL',
      'Emmett',
      'ours/raw',
      'ours/Emmett',
    ],
    ...postgresAppendRows(measured, events, '; raw: one INSERT of arrays, bare table'),
    ...postgresAppendRows(
      measured.flatMap((r) => (r.importBatch ? [r.importBatch] : [])),
      events,
      " (the CSV import's batch); raw: one INSERT of arrays, bare table",
    ),
    [
      'append, one stream per call (the API; Emmett)',
      sample,
      n(single.ours),
      '',
      peerCell(single.emmett),
      '',
      peerRatio(single.ours, single.emmett),
    ],
    [
      'read everything back in order (raw: one SELECT, JSON parsed)',
      events,
      n(read.ours),
      n(read.raw),
      '',
      ratio(read.ours, read.raw),
      '',
    ],
    [
      'read back the Emmett sample',
      sample,
      n(read.sample),
      '',
      peerCell(read.emmett),
      '',
      peerRatio(read.sample, read.emmett),
    ],
    [
      `rebuild of the read models into PostgreSQL, against a raw read just before (the median round of ${roundsOf(measured[0]!.rebuild.ratios)})`,
      events,
      n(rebuild),
      n(rebuildRead),
      '',
      ratio(rebuild, rebuildRead),
      '',
    ],
    [
      '  ceiling: that read, then the rows the rebuild left COPYed raw (no fold); rebuild / ceiling',
      events,
      n(rebuild),
      n(p((r) => r.rebuild.ceilingPerSec)),
      '',
      ratio(
        rebuild,
        p((r) => r.rebuild.ceilingPerSec),
      ),
      '',
    ],
  ];
  return [columns(table), ...failedNote, ...peerNotes("Emmett's PostgreSQL store", emmett)];
}

/**
 * The appends at one batch size against the raw INSERTs and COPY, medians of the runs; none for runs without them
 * (the import's batch, before it was measured).
 */
function postgresAppendRows(runs: PostgresAppends[], events: string, label: string): string[][] {
  if (!runs.length) return [];
  const p = (f: (r: PostgresAppends) => number) => med(runs, f);
  const [ours, raw, indexed, copy] = [
    p((r) => r.ours.appendPerSec),
    p((r) => r.raw.appendPerSec),
    p((r) => r.rawIndexed.appendPerSec),
    p((r) => r.rawCopy.appendPerSec),
  ];
  const row = (name: string, limit: number) => [name, events, n(ours), n(limit), '', ratio(ours, limit), ''];
  return [
    row(`append, ${n(runs[0]!.streams)} streams per transaction${label}`, raw),
    row(
      `  raw INSERT into a table with the unique indexes and hash column the port needs (the median round of ${roundsOf(runs[0]!.ratios)})`,
      indexed,
    ),
    row('  raw COPY into that table (the fastest way in)', copy),
  ];
}
