import { openLogRuntime, openRuntime, type LogRuntime, type Runtime, type RuntimeOptions } from '@statledger/pipeline';

/** Runs a command's body with the runtime (units caught up, command services), and closes it whatever happens. */
export async function withRuntime<T>(options: RuntimeOptions, body: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await openRuntime(options);
  try {
    return await body(runtime);
  } finally {
    await runtime.close();
  }
}

/** The same with the log runtime only: for commands that read the log or the projections, not the unit registry. */
export async function withLogRuntime<T>(
  options: RuntimeOptions,
  body: (runtime: LogRuntime) => Promise<T>,
): Promise<T> {
  const runtime = await openLogRuntime(options);
  try {
    return await body(runtime);
  } finally {
    await runtime.close();
  }
}
