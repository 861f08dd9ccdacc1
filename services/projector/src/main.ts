#!/usr/bin/env -S node --import tsx
// Keeps the statistics read model (and the feed's aggregate revisions) up to date; SIGTERM commits the batch first.
import { pipelineProcesses, runLogService } from '@statledger/pipeline';

await runLogService('projector', (runtime, signal) => pipelineProcesses.projector(runtime, signal));
