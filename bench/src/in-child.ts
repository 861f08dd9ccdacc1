import { fork } from 'node:child_process';
import type { ChildAnswer, ChildTask } from './tasks.ts';

const CHILD = new URL('./child.ts', import.meta.url).pathname;

/** Old-space limit of a benchmark process unless told otherwise: room for anything the city year holds. */
const DEFAULT_HEAP_MIB = 4096;

/**
 * Node options of a benchmark process: TypeScript through tsx, an old-space limit (V8 lets a heap grow to about
 * four times what it keeps alive before collecting; the limit is how a service is given a memory budget), a young
 * generation the log's pages die in. A child's children inherit its limit.
 */
export function benchExecArgv(heapMiB = inheritedHeapMiB()): string[] {
  return ['--import', 'tsx', `--max-old-space-size=${heapMiB}`, '--max-semi-space-size=64'];
}

function inheritedHeapMiB(): number {
  const flag = process.execArgv.find((a) => a.startsWith('--max-old-space-size='));
  return flag ? Number(flag.split('=')[1]) : DEFAULT_HEAP_MIB;
}

/** Runs a task in a fresh Node process (its own heap and peak RSS) and returns what it measured. */
export function inChild<T>(task: ChildTask, options: { heapMiB?: number } = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [], {
      execArgv: benchExecArgv(options.heapMiB),
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let answer: ChildAnswer | undefined;
    child.once('message', (message: ChildAnswer) => (answer = message));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (answer?.ok) resolve(answer.result as T);
      else
        reject(
          new Error(
            answer && !answer.ok
              ? answer.error
              : `the ${task.kind} benchmark process exited with ${code} before answering`,
          ),
        );
    });
    child.send(task);
  });
}
