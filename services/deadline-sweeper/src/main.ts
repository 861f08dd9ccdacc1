#!/usr/bin/env -S node --import tsx
// Closes periods whose deadline passed (ReportOverdue for each missing report, then DeadlinePassed).
import { pipelineProcesses, runService } from '@statledger/pipeline';

await runService('deadline-sweeper', (runtime, signal) => pipelineProcesses.deadlineSweeper(runtime, signal, Number(process.env.SWEEP_EVERY_MS ?? 60_000)));
