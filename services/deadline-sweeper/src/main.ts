#!/usr/bin/env -S node --import tsx
// Closes periods whose deadline passed (ReportOverdue for each missing report, then DeadlinePassed), and
// anchors the chain head outside the database (the anchors file beside the server secret).
import { pipelineProcesses, runLogService } from '@statledger/pipeline';

await runLogService('deadline-sweeper', (runtime, signal) =>
  Promise.all([
    pipelineProcesses.deadlineSweeper(runtime, signal, Number(process.env.SWEEP_EVERY_MS ?? 60_000)),
    pipelineProcesses.chainAnchorer(runtime, signal, Number(process.env.STATLEDGER_ANCHOR_EVERY_MS ?? 60_000)),
  ]).then(() => undefined),
);
