// The thread startFollowerThread starts: the log's followers of `statledger serve`, until told to stop.
import { parentPort, workerData } from 'node:worker_threads';
import { runFollowers, type FollowerOptions } from './followers.ts';
import { openLogRuntime } from './runtime.ts';

const options = workerData as FollowerOptions;
const runtime = await openLogRuntime({
  store: options.store,
  logLevel: options.logLevel,
  service: 'statledger-followers',
});
const stopping = new AbortController();
parentPort!.once('message', () => stopping.abort());
try {
  await runFollowers(runtime, options, stopping.signal);
} finally {
  await runtime.close();
}
