import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildAnswer, ChildTask } from './tasks.ts';
import type { PipelineFigures } from './pipeline-run.ts';
import type { RebuildFigures } from './rebuild.ts';
import type { StoreRates } from './store-baselines.ts';
import type { HttpFigures } from './http-load.ts';
import { renderTable } from './table.ts';

export interface BenchOptions {
  /** Measured runs of the city year and the store comparison; the figure shown is their median. */
  runs: number;
  national: boolean;
  seed: number;
  /** Events given to Emmett (it appends one stream per call, a few hundred a second). */
  emmettEvents: number;
  resultsDir: string;
  log: (line: string) => void;
}

export interface CityRun {
  pipeline: PipelineFigures;
  rebuild: RebuildFigures;
  peakRssMiB: number;
}

export interface StoreRun {
  oursBatched: StoreRates;
  raw: StoreRates;
  emmett: StoreRates;
  oursOneByOne: StoreRates;
}

export interface BenchResults {
  startedAt: string;
  machine: { cpus: number; node: string; platform: string };
  options: Omit<BenchOptions, 'log' | 'resultsDir'>;
  city: CityRun[];
  store: StoreRun[];
  http: HttpFigures & { peakRssMiB: number };
  national?: CityRun;
  wallMs: number;
}

const CHILD = new URL('./child.ts', import.meta.url).pathname;

/** Runs a task in a fresh Node process (its own heap and peak RSS) and returns what it measured. */
function inChild<T>(task: ChildTask): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [], { execArgv: ['--import', 'tsx', '--max-old-space-size=4096', '--max-semi-space-size=64'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let answer: ChildAnswer | undefined;
    child.once('message', (message: ChildAnswer) => (answer = message));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (answer?.ok) resolve(answer.result as T);
      else reject(new Error(answer && !answer.ok ? answer.error : `the ${task.kind} benchmark process exited with ${code} before answering`));
    });
    child.send(task);
  });
}

/**
 * pnpm bench: Beijing's year through the whole pipeline (median of `runs`), the store against the raw
 * SQLite limit and Emmett on the same rows, HTTP submission latency, and the national month.
 */
export async function runBench(options: BenchOptions): Promise<{ results: BenchResults; file: string; table: string }> {
  const started = performance.now();
  const root = mkdtempSync(join(tmpdir(), 'statledger-bench-'));
  const city = { city: '1101', year: 2025, seed: options.seed };
  try {
    options.log(`warm-up: Beijing, January only`);
    await inChild({ kind: 'city-year', dir: join(root, 'warm-up'), ...city, months: 1 });

    const cityRuns: CityRun[] = [];
    for (let run = 0; run < options.runs; run++) {
      options.log(`Beijing 2025, run ${run + 1} of ${options.runs}`);
      const dir = join(root, `city-${run}`);
      cityRuns.push(await inChild<CityRun>({ kind: 'city-year', dir, ...city }));
      if (run < options.runs - 1) rmSync(dir, { recursive: true, force: true });
    }
    const cityStore = cityRuns.at(-1)!.pipeline.storeFile;

    const storeRuns: StoreRun[] = [];
    for (let run = 0; run < options.runs; run++) {
      options.log(`store comparison, run ${run + 1} of ${options.runs}`);
      const dir = join(root, `store-${run}`);
      storeRuns.push(await inChild<StoreRun>({ kind: 'store', dir, storeFile: cityStore, batch: 500, emmettEvents: options.emmettEvents, run }));
      rmSync(dir, { recursive: true, force: true });
    }

    options.log('HTTP submission latency');
    const http = await inChild<BenchResults['http']>({ kind: 'http', dir: join(root, 'http'), storeFile: cityStore, city: city.city, period: '2026-01', rate: 200, requests: 3_000, seconds: 20 });
    rmSync(join(root, `city-${options.runs - 1}`), { recursive: true, force: true });

    let national: CityRun | undefined;
    if (options.national) {
      options.log('national month: every village of the country, 2025-06');
      national = await inChild<CityRun>({ kind: 'national-month', dir: join(root, 'national'), period: '2025-06', seed: options.seed });
    }

    const { log: _log, resultsDir: _dir, ...recorded } = options;
    const results: BenchResults = {
      startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version, platform: `${process.platform} ${process.arch}` },
      options: recorded,
      city: cityRuns,
      store: storeRuns,
      http,
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
