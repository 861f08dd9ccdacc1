#!/usr/bin/env -S node --import tsx
// Closes periods whose deadline passed (ReportOverdue for each missing report, then DeadlinePassed).
import { pipelineProcesses, runLogService } from '@statledger/pipeline';

await runLogService('deadline-sweeper', (runtime, signal) => pipelineProcesses.deadlineSweeper(runtime, signal, Number(process.env.SWEEP_EVERY_MS ?? 60_000)));
