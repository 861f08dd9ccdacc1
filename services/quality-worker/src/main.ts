#!/usr/bin/env -S node --import tsx
// Checks every event after its checkpoint and appends the findings; SIGTERM finishes the batch first.
import { pipelineProcesses, runService } from '@statledger/pipeline';

await runService('quality-worker', (runtime, signal) => pipelineProcesses.qualityWorker(runtime, signal));
