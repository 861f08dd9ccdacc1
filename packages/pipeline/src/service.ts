import { setTimeout as delay } from 'node:timers/promises';
import { StoreUnavailableError } from '@statledger/event-store';
import { openLogRuntime, openRuntime, type LogRuntime, type RuntimeOptions, type Runtime } from './runtime.ts';

/** A service that takes commands (the HTTP API): the whole runtime, unit registry included. */
export function runService(
  name: string,
  body: (runtime: Runtime, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  // It listens first and catches its unit registry up behind /readyz (startIntakeApi).
  return serve(name, (options) => openRuntime({ ...options, catchUpUnits: false }), body);
}

/** A service that follows the log (quality worker, projector, feed publisher, deadline sweeper): no unit registry. */
export function runLogService(
  name: string,
  body: (runtime: LogRuntime, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  return serve(name, async (options) => openLogRuntime(options), body);
}

/**
 * The lifecycle of one service process: opens the runtime, runs `body` until SIGTERM or SIGINT, lets it finish
 * its batch and store its checkpoint, closes the store and exits 0 — or logs the failure and exits 1.
 */
async function serve<R extends LogRuntime>(
  name: string,
  open: (options: RuntimeOptions) => Promise<R>,
  body: (runtime: R, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const runtime = await open({ logLevel: process.env.LOG_LEVEL ?? 'info', service: name });
  const stopping = new AbortController();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      runtime.logger.info({ signal }, `${name} stopping: finishing the current batch`);
      stopping.abort();
    });
  }
  runtime.logger.info({ pid: process.pid, log: runtime.log }, `${name} started`);
  try {
    await untilStopped(runtime, name, () => body(runtime, stopping.signal), stopping.signal);
    runtime.logger.info(`${name} stopped`);
  } catch (error) {
    runtime.logger.error({ err: error }, `${name} failed; restart it to resume from its checkpoint`);
    process.exitCode = 1;
  } finally {
    await runtime.close();
  }
}

/**
 * Runs `body` until it returns. A store that stops answering (a restart, a fail-over) does not end the service: it
 * waits and starts `body` again, which resumes from its checkpoint. Any other failure ends it.
 */
async function untilStopped(
  runtime: LogRuntime,
  name: string,
  body: () => Promise<void>,
  signal: AbortSignal,
): Promise<void> {
  for (let waitMs = 1_000; ; waitMs = Math.min(waitMs * 2, 30_000)) {
    try {
      return await body();
    } catch (error) {
      if (!(error instanceof StoreUnavailableError) || signal.aborted) throw error;
      runtime.logger.warn(
        { err: error, retryInMs: waitMs },
        `${name}: the store does not answer; resuming from the checkpoint once it does`,
      );
      await delay(waitMs, undefined, { signal }).catch(() => undefined);
      if (signal.aborted) return;
    }
  }
}
