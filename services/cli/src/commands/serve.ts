import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { createIntakeApi } from '@statledger/intake-api';
import { loadPrincipalDirectory } from '@statledger/intake';
import { DEFAULT_STORE } from '@statledger/event-store-sqlite';
import { DEFAULT_SOURCE_REGISTRY } from '@statledger/form-catalogue';
import { createQualityView, loadSourceRegistry, runQualityWorker, sweepDeadlines } from '@statledger/quality';
import { awaitProjection, runProjector, statisticsFromProjection } from '@statledger/read-models-sqlite';
import type { UnitCode } from '@statledger/domain';
import { createMessageValidator, runFeedPublisher } from '@statledger/feeds';
import { configuredFeedSink } from '../feed-sink.ts';
import { openRuntime } from '../runtime.ts';
import { ensurePrincipalsFile, principalsPath } from '../principals-file.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the pipeline in one process on the configured store (the embedded SQLite file by default)')
    .option('--store <url>', 'event store (default: $STATLEDGER_STORE or sqlite:./data/statledger.db)')
    .option('--port <port>', 'HTTP port (default: $PORT or 8080; 0 picks a free one)')
    .option('--host <host>', 'address to listen on (default: $HOST or 127.0.0.1)')
    .option('--kafka <brokers>', 'publish aggregates to these Kafka brokers (default $STATLEDGER_KAFKA_BROKERS)')
    .option('--feed-file <path>', 'publish aggregates as NDJSON to this file (default $STATLEDGER_FEED_FILE)')
    .action(async (options: { store?: string; port?: string; host?: string; kafka?: string; feedFile?: string }) => {
      const runtime = await openRuntime({ store: options.store, logLevel: process.env.LOG_LEVEL ?? 'info' });
      const path = principalsPath();
      const created = ensurePrincipalsFile(path);
      const principals = loadPrincipalDirectory(path);
      const quality = createQualityView(runtime.store, runtime.catalogue);
      const sources = loadSourceRegistry(DEFAULT_SOURCE_REGISTRY, runtime.catalogue);
      const denominatorSource = sources.isDenominatorSource;
      // The present from the projection this process keeps up to date; the past by folding the log.
      const currentStatistics = async (query: { form: string; unit: UnitCode; period: string }) => {
        await awaitProjection(runtime.store);
        return statisticsFromProjection(runtime.store, runtime.catalogue, denominatorSource, query);
      };
      const app = createIntakeApi({ ...runtime, principals, quality, denominatorSource, currentStatistics });
      // The rest of the pipeline, in this one process: the quality worker follows the log; the sweeper closes
      // periods as their deadlines pass (checked every minute).
      const stopping = new AbortController();
      const worker = runQualityWorker({ store: runtime.store, checkpoints: runtime.store.checkpoints, catalogue: runtime.catalogue, sources, log: runtime.logger, signal: stopping.signal }).catch((error: unknown) => {
        runtime.logger.error({ err: error }, 'the quality worker stopped; restart statledger serve to resume from its checkpoint');
      });
      const sweep = () => sweepDeadlines({ store: runtime.store, catalogue: runtime.catalogue, now: new Date() }).then(
        (r) => r.closed.length && runtime.logger.info({ closed: r.closed }, 'deadlines passed'),
        (error: unknown) => runtime.logger.error({ err: error }, 'the deadline sweep failed; it runs again in a minute'),
      );
      const projector = runProjector({ store: runtime.store, catalogue: runtime.catalogue, isDenominatorSource: denominatorSource, signal: stopping.signal }).catch((error: unknown) => {
        runtime.logger.error({ err: error }, 'the statistics projector stopped; restart statledger serve to resume from its checkpoint');
      });
      // The feed publisher, when a sink is configured: it follows the projection's aggregate revisions.
      const sink = configuredFeedSink({ kafka: options.kafka, file: options.feedFile });
      const publisher = sink
        ? runFeedPublisher({ store: runtime.store, catalogue: runtime.catalogue, isDenominatorSource: denominatorSource, sink, logger: runtime.logger, validate: createMessageValidator(), signal: stopping.signal })
            .catch((error: unknown) => runtime.logger.error({ err: error }, 'the feed publisher stopped; restart statledger serve to resume where it left off'))
            .finally(() => sink.close())
        : undefined;
      void sweep();
      const sweeper = setInterval(() => void sweep(), 60_000);
      const address = await app.listen({ port: Number(options.port ?? process.env.PORT ?? 8080), host: options.host ?? process.env.HOST ?? '127.0.0.1' });
      const tokens = JSON.parse(readFileSync(path, 'utf8')) as { principals: { id: string; role: string; unit: string; token: string }[] };
      const admin = tokens.principals.find((p) => p.role === 'admin');
      console.log(`statledger API listening on ${address} (store ${options.store ?? process.env.STATLEDGER_STORE ?? DEFAULT_STORE})`);
      if (sink) console.log(`publishing aggregates to ${sink.name}`);
      console.log(`principals ${created ? 'created in' : 'from'} ${path}:`);
      for (const p of tokens.principals) console.log(`  ${p.id.padEnd(22)} ${p.role.padEnd(9)} ${p.unit.padEnd(12)} token ${p.token}`);
      if (admin) {
        console.log('try it:');
        console.log(`  curl -s -H 'Authorization: Bearer ${admin.token}' -H 'Content-Type: text/csv' --data-binary @examples/units.csv ${address}/v1/imports/units`);
        console.log(`  curl -s -H 'Authorization: Bearer ${admin.token}' -H 'Content-Type: text/csv' --data-binary @examples/reports.csv ${address}/v1/imports/reports`);
        console.log(`  curl -s -H 'Authorization: Bearer ${admin.token}' ${address}/v1/reports/report-sanitation-110101001001-2025-03/history`);
        console.log(`  curl -s -H 'Authorization: Bearer ${admin.token}' '${address}/v1/quality?unit=110101&period=2025-03'`);
      }
      const stop = async (signal: string) => {
        runtime.logger.info({ signal }, 'shutting down');
        clearInterval(sweeper);
        stopping.abort();
        await app.close();
        await worker;
        await projector;
        await publisher;
        await runtime.close();
        process.exit(0);
      };
      process.once('SIGTERM', () => void stop('SIGTERM'));
      process.once('SIGINT', () => void stop('SIGINT'));
    });
}
