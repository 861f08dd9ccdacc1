#!/usr/bin/env -S node --import tsx
// The HTTP API as its own process. Several may run against one store: concurrent commands on one report
// resolve by optimistic concurrency (one wins, the other gets 409).
import { principalsPath, runService } from '@statledger/pipeline';
import { startIntakeApi } from './start.ts';

await runService('intake-api', async (runtime, signal) => {
  const api = await startIntakeApi(runtime, {
    principalsPath: principalsPath(),
    port: Number(process.env.PORT ?? 8080),
    host: process.env.HOST ?? '127.0.0.1',
    signal,
  });
  console.log(`intake-api listening on ${api.address}`);
  await api.closed;
});
