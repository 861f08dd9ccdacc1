/**
 * One pipeline service in its own process, as services/quality-worker and services/projector run it:
 * it follows the store's log until the parent says stop, then answers with its peak RSS and exits.
 */
import { openLogRuntime, pipelineProcesses } from '@statledger/pipeline';

export type FollowerRole = 'quality-worker' | 'projector';

process.once('message', async ({ role, storeFile }: { role: FollowerRole; storeFile: string }) => {
  const runtime = await openLogRuntime({ store: `sqlite:${storeFile}`, service: role });
  const stop = new AbortController();
  process.once('message', () => stop.abort());
  try {
    await (role === 'quality-worker'
      ? pipelineProcesses.qualityWorker(runtime, stop.signal)
      : pipelineProcesses.projector(runtime, stop.signal));
    await runtime.close();
    process.send!({ ok: true, peakRssMiB: process.resourceUsage().maxRSS / 1024 }, () => process.exit(0));
  } catch (error) {
    process.send!({ ok: false, error: (error as Error).stack ?? String(error) }, () => process.exit(1));
  }
});
