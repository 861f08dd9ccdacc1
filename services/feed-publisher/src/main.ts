#!/usr/bin/env -S node --import tsx
// Publishes changed district and city aggregates to STATLEDGER_KAFKA_BROKERS (or STATLEDGER_FEED_FILE).
import { configuredFeedSink, pipelineProcesses, runLogService } from '@statledger/pipeline';

await runLogService('feed-publisher', async (runtime, signal) => {
  const sink = configuredFeedSink({});
  if (!sink) throw new Error('set STATLEDGER_KAFKA_BROKERS (host:port,...) or STATLEDGER_FEED_FILE');
  await pipelineProcesses.feedPublisher(runtime, sink, signal);
});
