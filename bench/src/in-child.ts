import { fork } from 'node:child_process';
import type { ChildAnswer, ChildTask } from './tasks.ts';

const CHILD = new URL('./child.ts', import.meta.url).pathname;

/** Node options of every benchmark process: TypeScript through tsx, room for the national month, a young generation the log's pages die in. */
export const BENCH_EXEC_ARGV = ['--import', 'tsx', '--max-old-space-size=4096', '--max-semi-space-size=64'];

/** Runs a task in a fresh Node process (its own heap and peak RSS) and returns what it measured. */
export function inChild<T>(task: ChildTask): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [], { execArgv: BENCH_EXEC_ARGV, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
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
