/**
 * One measured workload in its own process, so its peak RSS and heap are its own: the parent sends what
 * to run, the child answers with its figures and exits.
 */
import { mkdirSync } from 'node:fs';
import { loadCity, loadCountry, type CityTree } from '@statledger/demo';
import { loadFormCatalogue } from '@statledger/form-catalogue';
import { openLogRuntime, openRuntime } from '@statledger/pipeline';
import { cityYear, nationalMonth, type Workload } from './workload.ts';
import { peakRssMiB, registerUnits, runPipeline, type PipelineMode } from './pipeline-run.ts';
import { runAsServices } from './services-run.ts';
import { rebuild, type RebuildFigures } from './rebuild.ts';
import { inChild } from './in-child.ts';
import { appendsOfLog, batchedAppend, emmettWithRetries, ours } from './store-baselines.ts';
import {
  getLatency,
  getOnce,
  rollUpLatency,
  statisticsLatency,
  submissionLatency,
  withApiProcesses,
} from './http-load.ts';
import { benchProgress, type Progress } from './progress.ts';
import { closedPeriods } from './closed-periods.ts';
import { twoNodeRamp } from './http-postgres.ts';
import { postgresRebuild, postgresStore, withDatabase } from './postgres-baselines.ts';
import { emmettPostgres } from '@statledger/bench-emmett-postgresql';
import type { ChildTask } from './tasks.ts';

/**
 * Registers the units and runs the workload through the pipeline; then, with this process's peak RSS taken,
 * rebuilds the read models from its log in a process of its own.
 */
async function measurePipeline(
  dir: string,
  mode: PipelineMode,
  withRebuild: boolean,
  trees: CityTree[],
  workload: Workload,
  firstDay: string,
  progress: Progress,
) {
  const units = trees.reduce((n, t) => n + 1 + t.districts.length + t.subdistricts.length + t.villages.length, 0);
  progress.stage(`registering ${units.toLocaleString('en-US')} units`, 1);
  const clock = { now: new Date(`${firstDay}T00:00:00+08:00`) };
  const registered = await registerUnits(dir, trees, clock);
  const run = mode === 'services' ? runAsServices : runPipeline;
  const pipeline = await run(registered.runtime, clock, workload, progress, {
    ms: registered.ms,
    events: registered.units,
  });
  await registered.runtime.close();
  // With the services in processes of their own, the run's peak is the highest of theirs.
  const peak = Math.max(peakRssMiB(), ...Object.values(pipeline.servicesPeakRssMiB ?? {}));
  if (!withRebuild) return { pipeline, peakRssMiB: peak };
  progress.stage('rebuild of the read models (own process)', 1);
  const rebuilt = await inChild<RebuildFigures & { peakRssMiB: number }>({
    kind: 'rebuild',
    storeFile: pipeline.storeFile,
  });
  progress.done();
  return { pipeline, peakRssMiB: peak, rebuild: rebuilt };
}

async function run(task: ChildTask): Promise<unknown> {
  if ('dir' in task) mkdirSync(task.dir, { recursive: true });
  const catalogue = loadFormCatalogue();
  const progress = benchProgress();
  switch (task.kind) {
    case 'city-year': {
      const tree = await loadCity(task.city);
      const workload = cityYear(tree, catalogue, task.year, task.seed, task.months);
      return measurePipeline(
        task.dir,
        task.mode,
        task.rebuild ?? true,
        [tree],
        workload,
        `${task.year}-01-01`,
        progress,
      );
    }
    case 'national-month': {
      progress.stage('loading the national division list', 1);
      const trees = await loadCountry();
      const workload = nationalMonth(
        trees.flatMap((t) => t.villages),
        catalogue,
        task.period,
        task.seed,
      );
      return measurePipeline(
        task.dir,
        task.mode,
        task.rebuild ?? true,
        trees,
        workload,
        `${task.period.slice(0, 4)}-01-01`,
        progress,
      );
    }
    case 'closed-periods': {
      progress.stage('reports for closed periods: 1,507 units, 30 months swept, 43,500 late reports, quality run', 1);
      const figures = await closedPeriods(task.dir, task.limitMs);
      progress.done();
      return { ...figures, peakRssMiB: peakRssMiB() };
    }
    case 'rebuild': {
      const runtime = await openLogRuntime({ store: `sqlite:${task.storeFile}` });
      const figures = await rebuild(runtime);
      await runtime.close();
      return { ...figures, peakRssMiB: peakRssMiB() };
    }
    case 'store': {
      const requests = appendsOfLog(task.storeFile);
      progress.stage(`store: ${requests.length.toLocaleString('en-US')} events, ours / raw / Emmett`, 5);
      const sample = requests.slice(0, task.emmettEvents);
      const rawFirst = task.run % 2 === 0;
      const batched = await batchedAppend(requests, task.dir, task.batch, rawFirst);
      progress.update(2);
      const importBatch = await batchedAppend(requests, task.dir, task.importBatch, rawFirst);
      progress.update(3);
      const emmettRates = await emmettWithRetries(sample, task.dir);
      progress.update(4);
      const oursOneByOne = await ours(sample, task.dir, 1);
      progress.done();
      return { batched, importBatch, emmett: emmettRates, oursOneByOne, peakRssMiB: peakRssMiB() };
    }
    case 'postgres-store': {
      const requests = appendsOfLog(task.storeFile);
      progress.stage(
        `PostgreSQL: ${requests.length.toLocaleString('en-US')} events, ours / raw INSERT / raw COPY, rebuild`,
        1,
      );
      const figures = await postgresStore(requests, task.batch, task.importBatch, requests.slice(0, task.emmettEvents));
      progress.done();
      return figures;
    }
    case 'postgres-rebuild':
      return postgresRebuild(task.url);
    case 'emmett-postgres': {
      // A process of its own: Emmett's driver settings never meet ours.
      const sample = appendsOfLog(task.storeFile).slice(0, task.emmettEvents);
      progress.stage(`PostgreSQL: Emmett, ${sample.length.toLocaleString('en-US')} events one stream per call`, 1);
      const figures = await withDatabase('emmett', (url) => emmettPostgres(sample, url)).catch((error: Error) => ({
        failed: error.message,
      }));
      progress.done();
      return figures;
    }
    case 'http': {
      const runtime = await openRuntime({ store: `sqlite:${task.storeFile}` });
      const tree = await loadCity(task.city);
      progress.stage(`HTTP: GET /v1/stats of the city and a district, then POST /v1/reports at ${task.rate}/s`, 1);
      // Figures of the year's sanitation from the projection, before the submissions move the log past it.
      const statisticsPaths = [tree.city, tree.districts[0]!].map(
        (unit) => `/v1/stats/sanitation?unit=${unit.code}&period=${task.statisticsPeriod}`,
      );
      const rolledUp: number[] = [];
      for (const unit of [tree.city, tree.districts[0]!]) {
        const query = { form: 'sanitation', unit: unit.code, period: task.statisticsPeriod };
        rolledUp.push(await rollUpLatency(runtime, query, task.statisticsRounds));
      }
      await runtime.close();
      const figures = await withApiProcesses(`sqlite:${task.storeFile}`, task.dir, 1, async ([address]) => {
        // The node folds the findings in the background once it has started: their first queue waits for that fold.
        await getOnce(address!, '/v1/findings?limit=1');
        const statistics = await statisticsLatency(address!, statisticsPaths, task.statisticsRounds);
        // A warm-up, not counted: code compiled, as on a node that has served a while.
        const warmUp = { periods: [WARM_UP_PERIOD], rate: 50, requests: 500 };
        await submissionLatency(address!, tree.villages.slice(-warmUp.requests), warmUp);
        const { period, rate, requests } = task;
        const submissions = await submissionLatency(address!, tree.villages, { periods: [period], rate, requests });
        return {
          statistics: statistics.map((s, i) => ({ ...s, rolledUpMedianMs: rolledUp[i]! })),
          ...submissions,
          floor: await getLatency(address!, '/healthz', rate, 10),
        };
      });
      progress.done();
      return { ...figures, peakRssMiB: peakRssMiB() };
    }
    case 'http-postgres': {
      const tree = await loadCity(task.city);
      progress.stage(`HTTP: POST /v1/reports to two API processes on PostgreSQL, the rate raised`, 1);
      const ramp = await withDatabase('http', (url) => twoNodeRamp({ ...task, url, villages: tree.villages }));
      progress.done();
      return ramp;
    }
  }
}

/** Reports of the warm-ups go to a period of their own, long ended and absent from the city's log. */
const WARM_UP_PERIOD = '2024-12';

process.once('message', (task: ChildTask) => {
  run(task).then(
    (result) => process.send!({ ok: true, result }, () => process.exit(0)),
    (error: Error) => process.send!({ ok: false, error: error.stack ?? String(error) }, () => process.exit(1)),
  );
});
