#!/usr/bin/env -S node --import tsx
// Checks every event after its checkpoint and appends the findings; SIGTERM finishes the batch first.
import { pipelineProcesses, runLogService } from '@statledger/pipeline';

await runLogService('quality-worker', (runtime, signal) => pipelineProcesses.qualityWorker(runtime, signal));
