import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inChild } from './in-child.ts';
import { renderTable } from './table.ts';
import { REPORT_IMPORT_BATCH } from '@statledger/intake';
import type { PeerRates } from './store-baselines.ts';
import type { PostgresStoreRun } from './postgres-baselines.ts';
import type { TwoNodeRamp } from './http-postgres.ts';
import type { BenchOptions, BenchResults, CityRun, PostgresRun, StoreRun } from './results.ts';

export type { BenchOptions, BenchResults, CityRun, PostgresRun, StoreRun };

/** The closed-period workload's quality run is given this long; past it the table says it did not finish. */
const CLOSED_PERIODS_LIMIT_MS = 600_000;

/**
 * The national month's processes run with a memory budget, as a deployment gives each service one: the most any
 * of them keeps alive is the quality model's 620,000 reports, about 560 MiB after a full collection.
 */
export const NATIONAL_HEAP_MIB = 1536;

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
        importBatch: REPORT_IMPORT_BATCH,
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
      statisticsPeriod: '2025-06',
      statisticsRounds: 10,
    });

    options.log('HTTP: two API processes on PostgreSQL, the rate raised until p99 passes 50 ms');
    const httpPostgres = await inChild<TwoNodeRamp>({
      kind: 'http-postgres',
      dir: join(root, 'http-postgres'),
      storeFile: cityStore,
      city: city.city,
      seconds: 5,
      limitMs: 50,
    }).catch((error: Error) => ({ failed: error.message.split('\n')[0]! }));
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
      httpPostgres,
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
