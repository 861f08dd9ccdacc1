import { Readable } from 'node:stream';
import { join } from 'node:path';
import { toNbsCsv, type CityTree } from '@statledger/demo';
import { importReportsCsv, importUnitsCsv, type Principal } from '@statledger/intake';
import { openRuntime, type LogRuntime, type Runtime } from '@statledger/pipeline';
import { QUALITY_INPUTS, runQualityWorker } from '@statledger/quality';
import { runProjector } from '@statledger/read-models-sqlite';
import type { Workload } from './workload.ts';
import type { Progress } from './progress.ts';
import { inChild } from './in-child.ts';

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
 * own cost). 'stage-processes': the same order, the checks and the projection each in a process of its own.
 * 'services': the worker and the projector in their own processes, following the log during the
 * ingest, as production runs them.
 */
export type PipelineMode = 'stages' | 'stage-processes' | 'services';

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
  /** Peak RSS of each stage's process ('stage-processes' mode). */
  stagePeakRssMiB?: { ingest: number; quality: number; projection: number };
  /** Peak RSS of the uploading process and of each service process, all running at once ('services' mode). */
  servicesPeakRssMiB?: Record<string, number>;
  storeFile: string;
}

/** Opens a fresh store in `dir` with the workload's units registered (not timed as the pipeline). */
export async function registerUnits(dir: string, trees: CityTree[], clock: BenchClock): Promise<{ runtime: Runtime; ms: number; units: number }> {
  const runtime = await openRuntime({ store: `sqlite:${join(dir, 'store.db')}`, now: () => clock.now });
  const t0 = performance.now();
  let units = 0;
  for (const tree of trees) {
    const summary = await importUnitsCsv(Readable.from([toNbsCsv(tree)]), runtime, { principal: cityStatistician, correlationId: 'bench-units' });
    if (summary.errors.length) throw new Error(`unit import refused ${summary.errors.length} rows, first: line ${summary.errors[0]!.line}: ${summary.errors[0]!.message}`);
    units += summary.registered;
  }
  return { runtime, ms: performance.now() - t0, units };
}

/** Every upload through the CSV import the API serves, each recorded at its simulated arrival time. */
export async function ingestWorkload(runtime: Runtime, clock: BenchClock, workload: Workload, progress: Progress): Promise<{ events: number; appended: number; rejected: number }> {
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
    if (summary.errors.length) throw new Error(`${upload.label}: ${summary.errors.length} reports refused, first: line ${summary.errors[0]!.line}: ${summary.errors[0]!.message}`);
  }
  // The reports' own events: with the services running alongside, their findings are in the log too.
  const events = runtime.store.db.prepare<[number], { n: number }>("SELECT count(*) AS n FROM events WHERE position > ? AND stream LIKE 'report-%'").get(headBefore === undefined ? -1 : Number(headBefore))!.n;
  return { events, appended, rejected };
}

/** Every report appended is in the read model. */
export function assertProjected(runtime: Runtime, appended: number): void {
  const projected = runtime.store.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM rm_reports').get()!.n;
  if (projected < appended) throw new Error(`the projection holds ${projected} reports, the import appended ${appended}`);
}

/** What the quality and projection stages need: the store, the forms and the source registry (not the unit registry). */
export type StageContext = Pick<LogRuntime, 'store' | 'catalogue' | 'sourceRegistry'>;

/** The quality worker from its checkpoint to the head of the log. */
export async function qualityStage({ store, catalogue, sourceRegistry }: StageContext, progress: Progress, name: string): Promise<PipelineFigures['quality']> {
  const inputs = store.db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM events WHERE type IN (${QUALITY_INPUTS.map((t) => `'${t}'`).join(', ')})`).get()!.n;
  progress.stage(`${name}: quality checks`, inputs);
  const t0 = performance.now();
  const quality = await runQualityWorker({ store, checkpoints: store.checkpoints, catalogue, sources: sourceRegistry, stopWhenCaughtUp: true, onProgress: (s) => progress.update(s.eventsFolded) });
  return { ms: performance.now() - t0, events: quality.eventsFolded, findings: quality.findingsRaised };
}

/** The statistics projector from its checkpoint to the head of the log. */
export async function projectionStage({ store, catalogue, sourceRegistry }: StageContext, progress: Progress, name: string): Promise<StageFigures> {
  progress.stage(`${name}: projection`, Number(await store.headPosition()) + 1);
  const t0 = performance.now();
  const projection = await runProjector({ store, catalogue, isDenominatorSource: sourceRegistry.isDenominatorSource, stopWhenCaughtUp: true, onBatch: (position) => progress.update(Number(position ?? 0)) });
  return { ms: performance.now() - t0, events: projection.events };
}

/**
 * The workload through the pipeline stage after stage: each upload through the CSV import the API serves (zod
 * validation, authorisation, decide, batched append with the integrity chain), then the quality worker and the
 * statistics projector from their checkpoints to the head of the log. 'stages' runs the three in this process;
 * 'stage-processes' runs the worker and the projector each in a process of its own after the ingest, as
 * services/quality-worker and services/projector deploy them, and gives each stage's peak RSS.
 */
export async function runPipeline(runtime: Runtime, clock: BenchClock, workload: Workload, progress: Progress, setupUnits: StageFigures, mode: 'stages' | 'stage-processes' = 'stages'): Promise<PipelineFigures> {
  const t0 = performance.now();
  const ingest = await ingestWorkload(runtime, clock, workload, progress);
  const ingestMs = performance.now() - t0;
  const storeFile = runtime.store.db.name;
  let quality: PipelineFigures['quality'];
  let projection: StageFigures;
  let stagePeakRssMiB: PipelineFigures['stagePeakRssMiB'];
  if (mode === 'stages') {
    quality = await qualityStage(runtime, progress, workload.name);
    projection = await projectionStage(runtime, progress, workload.name);
  } else {
    progress.stage(`${workload.name}: quality checks and projection (own processes)`, 2);
    const checked = await inChild<PipelineFigures['quality'] & { peakRssMiB: number }>({ kind: 'stage', stage: 'quality', storeFile, name: workload.name });
    progress.update(1);
    const projected = await inChild<StageFigures & { peakRssMiB: number }>({ kind: 'stage', stage: 'projection', storeFile, name: workload.name });
    const { peakRssMiB: qualityRss, ...qualityFigures } = checked;
    const { peakRssMiB: projectionRss, ...projectionFigures } = projected;
    quality = qualityFigures;
    projection = projectionFigures;
    stagePeakRssMiB = { ingest: peakRssMiB(), quality: qualityRss, projection: projectionRss };
  }
  progress.done();
  assertProjected(runtime, ingest.appended);
  return {
    mode,
    reports: ingest.appended,
    setupUnits,
    ingest: { ms: ingestMs, events: ingest.events, rejected: ingest.rejected },
    quality,
    projection,
    totalMs: ingestMs + quality.ms + projection.ms,
    ...(stagePeakRssMiB ? { stagePeakRssMiB } : {}),
    storeFile,
  };
}
