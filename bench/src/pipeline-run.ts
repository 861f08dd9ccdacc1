import { Readable } from 'node:stream';
import { join } from 'node:path';
import { toNbsCsv, type CityTree } from '@statledger/demo';
import { importReportsCsv, importUnitsCsv, type Principal } from '@statledger/intake';
import { openRuntime, type Runtime } from '@statledger/pipeline';
import { runQualityWorker } from '@statledger/quality';
import { runProjector } from '@statledger/read-models';
import type { SqliteEventStore } from '@statledger/event-store-sqlite';
import type { Workload } from './workload.ts';
import type { Progress } from './progress.ts';

const cityStatistician: Principal = { id: 'bench-statistician', role: 'admin', unit: 'national' };

/** The store's clock: each upload is recorded at the simulated moment it arrives. */
export interface BenchClock {
  now: Date;
}

export interface StageFigures {
  ms: number;
  events: number;
}

/**
 * 'stages': ingest, then quality checks, then projection, one after the other in one process (each stage's
 * own cost). 'services': the worker and the projector in their own processes, following the log during the
 * ingest, as production runs them.
 */
export type PipelineMode = 'stages' | 'services';

/** This process's peak resident memory so far. */
export const peakRssMiB = () => process.resourceUsage().maxRSS / 1024;

export interface PipelineFigures {
  mode: PipelineMode;
  reports: number;
  setupUnits: StageFigures;
  ingest: StageFigures & { rejected: number };
  /** In 'services' mode: from the start of the ingest until the worker had checked the last report. */
  quality: StageFigures & { findings: number };
  /** In 'services' mode: from the start of the ingest until the projector had folded the last finding. */
  projection: StageFigures;
  /** From the first upload until the read models hold every report and finding: what a city's year costs end to end. */
  totalMs: number;
  /** Peak RSS of the uploading process and of each service process, all running at once ('services' mode). */
  servicesPeakRssMiB?: Record<string, number>;
  storeFile: string;
}

/** Opens a fresh store in `dir` with the workload's units registered (not timed as the pipeline). */
export async function registerUnits(
  dir: string,
  trees: CityTree[],
  clock: BenchClock,
): Promise<{ runtime: Runtime; ms: number; units: number }> {
  const runtime = await openRuntime({ store: `sqlite:${join(dir, 'store.db')}`, now: () => clock.now });
  const t0 = performance.now();
  let units = 0;
  for (const tree of trees) {
    const summary = await importUnitsCsv(Readable.from([toNbsCsv(tree)]), runtime, {
      principal: cityStatistician,
      correlationId: 'bench-units',
    });
    if (summary.errors.length)
      throw new Error(
        `unit import refused ${summary.errors.length} rows, first: line ${summary.errors[0]!.line}: ${summary.errors[0]!.message}`,
      );
    units += summary.registered;
  }
  return { runtime, ms: performance.now() - t0, units };
}

/** Every upload through the CSV import the API serves, each recorded at its simulated arrival time. */
export async function ingestWorkload(
  runtime: Runtime,
  clock: BenchClock,
  workload: Workload,
  progress: Progress,
): Promise<{ events: number; appended: number; rejected: number }> {
  const headBefore = await runtime.store.headPosition();
  let rejected = 0;
  let appended = 0;
  progress.stage(`${workload.name}: ingest`, workload.reports);
  for (const upload of workload.uploads) {
    clock.now = upload.submittedAt;
    const summary = await importReportsCsv(upload.csv(), runtime, {
      principal: cityStatistician,
      correlationId: `bench ${upload.label}`,
      onProgress: (s) => progress.update(appended + s.reports.appended + s.reports.rejected),
    });
    rejected += summary.reports.rejected;
    appended += summary.reports.appended;
    if (summary.errors.length)
      throw new Error(
        `${upload.label}: ${summary.errors.length} reports refused, first: line ${summary.errors[0]!.line}: ${summary.errors[0]!.message}`,
      );
  }
  // The reports' own events: with the services running alongside, their findings are in the log too.
  const events = benchDb(runtime)
    .prepare<[number], { n: number }>("SELECT count(*) AS n FROM events WHERE position > ? AND stream LIKE 'report-%'")
    .get(headBefore === undefined ? -1 : Number(headBefore))!.n;
  return { events, appended, rejected };
}

/** The bench's stores are one SQLite file (the embedded default): its database, for counts and copies. */
export function benchDb(runtime: { store: unknown }): SqliteEventStore['db'] {
  const db = (runtime.store as Partial<SqliteEventStore>).db;
  if (!db) throw new Error('the benchmark runs on the embedded SQLite store');
  return db;
}

/** Every report appended is in the read model. */
export function assertProjected(runtime: Runtime, appended: number): void {
  const projected = benchDb(runtime).prepare<[], { n: number }>('SELECT count(*) AS n FROM rm_reports').get()!.n;
  if (projected < appended)
    throw new Error(`the projection holds ${projected} reports, the import appended ${appended}`);
}

/**
 * The workload through the pipeline stage after stage, in one process: each upload through the CSV import the API
 * serves (zod validation, authorisation, decide, batched append with the integrity chain), then the
 * quality worker and the statistics projector from their checkpoints to the head of the log.
 */
export async function runPipeline(
  runtime: Runtime,
  clock: BenchClock,
  workload: Workload,
  progress: Progress,
  setupUnits: StageFigures,
): Promise<PipelineFigures> {
  const { store } = runtime;
  const t0 = performance.now();
  const ingest = await ingestWorkload(runtime, clock, workload, progress);
  const t1 = performance.now();
  const ingestEvents = ingest.events;
  const appended = ingest.appended;

  progress.stage(`${workload.name}: quality checks`, ingestEvents);
  const quality = await runQualityWorker({
    store,
    checkpoints: runtime.projections.checkpoints,
    catalogue: runtime.catalogue,
    sources: runtime.sourceRegistry,
    stopWhenCaughtUp: true,
    onProgress: (s) => progress.update(s.eventsFolded),
  });
  const t2 = performance.now();

  const headAfterQuality = Number(await store.headPosition());
  progress.stage(`${workload.name}: projection`, headAfterQuality + 1);
  const projection = await runProjector({
    events: store,
    projections: runtime.projections,
    catalogue: runtime.catalogue,
    isDenominatorSource: runtime.sourceRegistry.isDenominatorSource,
    stopWhenCaughtUp: true,
    onBatch: (position: string | undefined) => progress.update(Number(position ?? 0)),
  });
  const t3 = performance.now();
  progress.done();

  assertProjected(runtime, appended);
  return {
    mode: 'stages',
    reports: appended,
    setupUnits,
    ingest: { ms: t1 - t0, events: ingestEvents, rejected: ingest.rejected },
    quality: { ms: t2 - t1, events: quality.eventsFolded, findings: quality.findingsRaised },
    projection: { ms: t3 - t2, events: projection.events },
    totalMs: t3 - t0,
    storeFile: benchDb(runtime).name,
  };
}
