import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inChild } from './in-child.ts';
import type { PipelineFigures } from './pipeline-run.ts';
import type { RebuildFigures } from './rebuild.ts';
import type { BatchedAppend, PeerRates, StoreRates } from './store-baselines.ts';
import type { PostgresStoreRun } from './postgres-baselines.ts';
import type { HttpFigures, StatisticsLatency } from './http-load.ts';
import { renderTable } from './table.ts';
import { REPORT_IMPORT_BATCH } from '@statledger/intake';
import type { ClosedPeriodFigures } from './closed-periods.ts';

/** The closed-period workload's quality run is given this long; past it the table says it did not finish. */
const CLOSED_PERIODS_LIMIT_MS = 600_000;

/**
 * The national month's processes run with a memory budget, as a deployment gives each service one: the most any
 * of them keeps alive is the quality model's 620,000 reports, about 560 MiB after a full collection.
 */
export const NATIONAL_HEAP_MIB = 1536;

export interface BenchOptions {
  /** Measured runs of the city year and the store comparison; the figure shown is their median. */
  runs: number;
  national: boolean;
  /** Also Beijing with the quality worker and projector as services following the ingest. */
  services: boolean;
  seed: number;
  /** Events given to Emmett (it appends one stream per call, a few hundred a second). */
  emmettEvents: number;
  resultsDir: string;
  log: (line: string) => void;
}

export interface CityRun {
  pipeline: PipelineFigures;
  /** Peak RSS of the process that ingested (and, stage after stage, checked and projected). */
  peakRssMiB: number;
  /** The rebuild in a process of its own, after the pipeline (Beijing's stage-after-stage runs). */
  rebuild?: RebuildFigures & { peakRssMiB: number };
}

export interface StoreRun {
  /** 500 streams per transaction; its read-back figures are the store's reading against the raw replay. */
  batched: BatchedAppend;
  /** The CSV import's batch, the path every uploaded report takes. */
  importBatch: BatchedAppend;
  /** With the messages of Emmett's failed attempts, if any (each retried on a fresh file). */
  emmett: PeerRates;
  oursOneByOne: StoreRates;
}

/** The same rows on PostgreSQL: ours against the raw limits and Emmett's PostgreSQL store; either may have failed. */
export interface PostgresRun {
  store: PostgresStoreRun | { failed: string };
  emmett: PeerRates;
}

export interface BenchResults {
  startedAt: string;
  machine: { cpus: number; node: string; platform: string };
  options: Omit<BenchOptions, 'log' | 'resultsDir'>;
  /** Beijing stage after stage in one process: what each stage costs on its own. */
  city: CityRun[];
  /** Beijing once more with the worker and the projector as services, following the ingest as in production (--services). */
  cityServices?: CityRun;
  store: StoreRun[];
  postgres: PostgresRun[];
  http: HttpFigures & { statistics: StatisticsLatency[]; peakRssMiB: number };
  /** Reports arriving for periods the sweeper closed: checks across units must cost what changed. */
  closedPeriods: ClosedPeriodFigures & { peakRssMiB: number };
  national?: CityRun;
  wallMs: number;
}

/**
 * pnpm bench: Beijing's year through the whole pipeline (median of `runs`), the store against the raw SQLite and
 * PostgreSQL limits and Emmett's stores on the same rows, HTTP submission latency, and the national month.
 */
export async function runBench(options: BenchOptions): Promise<{ results: BenchResults; file: string; table: string }> {
  const started = performance.now();
  const root = mkdtempSync(join(tmpdir(), 'statledger-bench-'));
  const city = { city: '1101', year: 2025, seed: options.seed };
  try {
    options.log(`warm-up: Beijing, January only`);
    await inChild({ kind: 'city-year', mode: 'stages', dir: join(root, 'warm-up'), ...city, months: 1 });

    const cityRuns: CityRun[] = [];
    for (let run = 0; run < options.runs; run++) {
      options.log(`Beijing 2025, run ${run + 1} of ${options.runs}`);
      const dir = join(root, `city-${run}`);
      cityRuns.push(await inChild<CityRun>({ kind: 'city-year', mode: 'stages', dir, ...city }));
      if (run < options.runs - 1) rmSync(dir, { recursive: true, force: true });
    }
    let cityServices: CityRun | undefined;
    if (options.services) {
      options.log('Beijing 2025, quality worker and projector as services');
      cityServices = await inChild<CityRun>({
        kind: 'city-year',
        mode: 'services',
        rebuild: false,
        dir: join(root, 'city-services'),
        ...city,
      });
      rmSync(join(root, 'city-services'), { recursive: true, force: true });
    }
    const cityStore = cityRuns.at(-1)!.pipeline.storeFile;

    const storeRuns: StoreRun[] = [];
    for (let run = 0; run < options.runs; run++) {
      options.log(`store comparison, run ${run + 1} of ${options.runs}`);
      const dir = join(root, `store-${run}`);
      storeRuns.push(
        await inChild<StoreRun>({
          kind: 'store',
          dir,
          storeFile: cityStore,
          batch: 500,
          importBatch: REPORT_IMPORT_BATCH,
          emmettEvents: options.emmettEvents,
          run,
        }),
      );
      rmSync(dir, { recursive: true, force: true });
    }

    const postgresRuns: PostgresRun[] = [];
    for (let run = 0; run < options.runs; run++) {
      options.log(`PostgreSQL store comparison, run ${run + 1} of ${options.runs}`);
      const failed = (error: unknown) => ({ failed: (error as Error).message.split('\n')[0]! });
      const store = await inChild<PostgresStoreRun>({
        kind: 'postgres-store',
        storeFile: cityStore,
        batch: 500,
        emmettEvents: options.emmettEvents,
      }).catch(failed);
      const emmett = await inChild<PeerRates>({
        kind: 'emmett-postgres',
        storeFile: cityStore,
        emmettEvents: options.emmettEvents,
      }).catch(failed);
      postgresRuns.push({ store, emmett });
    }

    options.log('HTTP submission latency');
    const http = await inChild<BenchResults['http']>({
      kind: 'http',
      dir: join(root, 'http'),
      storeFile: cityStore,
      city: city.city,
      period: '2026-01',
      rate: 200,
      requests: 3_000,
      seconds: 20,
      statisticsPeriod: '2025-06',
      statisticsRounds: 10,
    });
    rmSync(join(root, `city-${options.runs - 1}`), { recursive: true, force: true });

    options.log('reports for closed periods');
    const closedPeriods = await inChild<BenchResults['closedPeriods']>({
      kind: 'closed-periods',
      dir: join(root, 'closed-periods'),
      limitMs: CLOSED_PERIODS_LIMIT_MS,
    });
    rmSync(join(root, 'closed-periods'), { recursive: true, force: true });

    let national: CityRun | undefined;
    if (options.national) {
      // As production runs it: the worker and the projector follow the uploads, the three processes share the 2 cores.
      options.log('national month: every village of the country, 2025-06, quality worker and projector as services');
      national = await inChild<CityRun>(
        {
          kind: 'national-month',
          mode: 'services',
          rebuild: false,
          dir: join(root, 'national'),
          period: '2025-06',
          seed: options.seed,
        },
        { heapMiB: NATIONAL_HEAP_MIB },
      );
    }

    const { log: _log, resultsDir: _dir, ...recorded } = options;
    const results: BenchResults = {
      startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
      machine: {
        cpus: (await import('node:os')).cpus().length,
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
      },
      options: recorded,
      city: cityRuns,
      ...(cityServices ? { cityServices } : {}),
      store: storeRuns,
      postgres: postgresRuns,
      http,
      closedPeriods,
      ...(national ? { national } : {}),
      wallMs: performance.now() - started,
    };
    mkdirSync(options.resultsDir, { recursive: true });
    const file = join(options.resultsDir, `bench-${results.startedAt.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    return { results, file, table: renderTable(results) };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
