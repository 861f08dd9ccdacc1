import { fork, type ChildProcess } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import type { Runtime } from '@statledger/pipeline';
import { QUALITY_INPUTS } from '@statledger/quality';
import { PROJECTOR } from '@statledger/read-models';
import type { FollowerRole } from './follower.ts';
import { benchExecArgv } from './in-child.ts';
import {
  assertProjected,
  benchDb,
  ingestWorkload,
  peakRssMiB,
  type BenchClock,
  type PipelineFigures,
  type StageFigures,
} from './pipeline-run.ts';
import type { Workload } from './workload.ts';
import type { Progress } from './progress.ts';

const FOLLOWER = new URL('./follower.ts', import.meta.url).pathname;

interface Follower {
  /** Set when the process failed before it was asked to stop. */
  readonly failure: Error | undefined;
  stop(): Promise<number>;
}

/** A service process following the store's log; `stop` ends it and gives its peak RSS. */
function startFollower(role: FollowerRole, storeFile: string): Follower {
  const child: ChildProcess = fork(FOLLOWER, [], {
    execArgv: benchExecArgv(),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let failure: Error | undefined;
  const answer = new Promise<number>((resolve, reject) => {
    child.once('message', (m: { ok: true; peakRssMiB: number } | { ok: false; error: string }) =>
      m.ok ? resolve(m.peakRssMiB) : reject(new Error(`${role}: ${m.error}`)),
    );
    child.once('exit', (code) => reject(new Error(`the ${role} process exited with ${code} before answering`)));
  });
  answer.catch((error: Error) => (failure = error));
  child.send({ role, storeFile });
  return {
    get failure() {
      return failure;
    },
    async stop() {
      if (child.connected) child.send('stop');
      return answer;
    },
  };
}

/** Polls until `done` holds; a follower that died fails the run instead of leaving it waiting. */
async function until(done: () => Promise<boolean>, followers: Follower[]): Promise<void> {
  while (!(await done())) {
    const failed = followers.find((f) => f.failure);
    if (failed) throw failed.failure;
    await delay(50);
  }
}

/**
 * The workload as production deploys it: the quality worker and the projector each in their own process
 * (what services/quality-worker and services/projector run), following the log while the uploads go in.
 * End to end is from the first upload until the projector has folded the last finding.
 */
export async function runAsServices(
  runtime: Runtime,
  clock: BenchClock,
  workload: Workload,
  progress: Progress,
  setupUnits: StageFigures,
): Promise<PipelineFigures> {
  const { store } = runtime;
  const db = benchDb(runtime);
  const storeFile = db.name;
  const positionOf = async (name: string) => (await runtime.projections.checkpoints.load(name))?.position;
  const followers = {
    quality: startFollower('quality-worker', storeFile),
    projector: startFollower('projector', storeFile),
  };
  const both = [followers.quality, followers.projector];
  try {
    const t0 = performance.now();
    const ingest = await ingestWorkload(runtime, clock, workload, progress);
    const t1 = performance.now();
    // The worker is done when its checkpoint reaches the last input it checks; the log's head is then final.
    const inputs = db
      .prepare<unknown[], { position: number; n: number }>(
        `SELECT max(position) AS position, count(*) AS n FROM events WHERE type IN (${QUALITY_INPUTS.map(() => '?').join(', ')})`,
      )
      .get(...QUALITY_INPUTS)!;
    const lastInput = inputs.position;
    progress.stage(`${workload.name}: quality worker catching up`, 1);
    await until(async () => Number((await positionOf('quality-worker')) ?? -1) >= lastInput, both);
    const t2 = performance.now();
    const head = await store.headPosition();
    progress.stage(`${workload.name}: projector catching up`, 1);
    await until(async () => (await positionOf(PROJECTOR)) === head, both);
    const t3 = performance.now();
    progress.done();
    const servicesPeakRssMiB = {
      ingest: peakRssMiB(),
      'quality-worker': await followers.quality.stop(),
      projector: await followers.projector.stop(),
    };
    assertProjected(runtime, ingest.appended);
    const findings = db
      .prepare<[], { n: number }>("SELECT count(*) AS n FROM events WHERE type = 'QualityFindingRaised'")
      .get()!.n;
    return {
      mode: 'services',
      reports: ingest.appended,
      setupUnits,
      ingest: { ms: t1 - t0, events: ingest.events, rejected: ingest.rejected },
      quality: { ms: t2 - t0, events: inputs.n, findings },
      projection: { ms: t3 - t0, events: Number(head) + 1 },
      totalMs: t3 - t0,
      storeFile,
      servicesPeakRssMiB,
    };
  } catch (error) {
    await Promise.all(both.map((f) => f.stop().catch(() => 0)));
    throw error;
  }
}
