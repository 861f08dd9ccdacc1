import { Worker } from 'node:worker_threads';
import { configuredFeedSink, type FeedSinkOptions } from './feed-sink.ts';
import { pipelineProcesses } from './processes.ts';
import type { LogRuntime } from './runtime.ts';

export interface FollowerOptions {
  store?: string | undefined;
  feed: FeedSinkOptions;
  logLevel: string;
  anchorEveryMs: number;
}

/**
 * The log's followers of `statledger serve` — quality worker, statistics projector, deadline sweeper, chain
 * anchorer and feed publisher — each a loop until `signal`. One that fails logs it and stops; the others carry
 * on, and a restart resumes from the checkpoints.
 */
export function runFollowers(
  runtime: LogRuntime,
  options: Pick<FollowerOptions, 'feed' | 'anchorEveryMs'>,
  signal: AbortSignal,
): Promise<unknown> {
  const running = (name: string, loop: Promise<void>) =>
    loop.catch((error: unknown) =>
      runtime.logger.error(
        { err: error },
        `the ${name} stopped; restart statledger serve to resume from its checkpoint`,
      ),
    );
  const sink = configuredFeedSink(options.feed);
  return Promise.all([
    running('quality worker', pipelineProcesses.qualityWorker(runtime, signal)),
    running('statistics projector', pipelineProcesses.projector(runtime, signal)),
    running('deadline sweeper', pipelineProcesses.deadlineSweeper(runtime, signal)),
    running('chain anchorer', pipelineProcesses.chainAnchorer(runtime, signal, options.anchorEveryMs)),
    ...(sink ? [running('feed publisher', pipelineProcesses.feedPublisher(runtime, sink, signal))] : []),
  ]);
}

/**
 * The followers on a thread of their own, with their own connection to the store: however long a catch-up's
 * checks or folds run, the HTTP server's event loop stays free, so /healthz answers and SIGTERM is heard.
 * `stop()` lets every loop finish its batch and store its checkpoint, then ends the thread.
 */
export function startFollowerThread(options: FollowerOptions): { stop(): Promise<void>; exited: Promise<number> } {
  const worker = new Worker(new URL('./follower-thread.mjs', import.meta.url), { workerData: options });
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  return {
    exited,
    async stop() {
      worker.postMessage('stop');
      await exited;
    },
  };
}
