import { createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DateTime } from 'luxon';
import { STATISTICAL_ZONE } from '@statledger/domain';
import type { Command } from 'commander';
import { importUnitsCsv, loadPrincipalDirectory } from '@statledger/intake';
import { startIntakeApi } from '@statledger/intake-api';
import {
  ensurePrincipalsFile,
  openRuntime,
  principalsPath,
  startFollowerThread,
  type Runtime,
} from '@statledger/pipeline';
import { say } from '../output.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the whole pipeline in one process on the configured store (the embedded SQLite file by default)')
    .option('--store <url>', 'event store (default: $STATLEDGER_STORE or sqlite:./data/statledger.db)')
    .option('--port <port>', 'HTTP port (default: $PORT or 8080; 0 picks a free one)')
    .option('--host <host>', 'address to listen on (default: $HOST or 127.0.0.1)')
    .option('--kafka <brokers>', 'publish aggregates to these Kafka brokers (default $STATLEDGER_KAFKA_BROKERS)')
    .option('--feed-file <path>', 'publish aggregates as NDJSON to this file (default $STATLEDGER_FEED_FILE)')
    .action(async (options: { store?: string; port?: string; host?: string; kafka?: string; feedFile?: string }) => {
      const logLevel = process.env.LOG_LEVEL ?? 'info';
      const runtime = await openRuntime({ store: options.store, logLevel, catchUpUnits: false });
      const path = principalsPath();
      const created = ensurePrincipalsFile(path);
      const stopping = new AbortController();
      const feed = { kafka: options.kafka, file: options.feedFile };
      const api = await startIntakeApi(runtime, {
        principalsPath: path,
        port: Number(options.port ?? process.env.PORT ?? 8080),
        host: options.host ?? process.env.HOST ?? '127.0.0.1',
        signal: stopping.signal,
      });
      // The followers (quality worker, projector, sweeper, anchorer, feed) on their own thread: the API stays free.
      const followers = startFollowerThread({
        store: options.store,
        feed,
        logLevel,
        anchorEveryMs: Number(process.env.STATLEDGER_ANCHOR_EVERY_MS ?? 60_000),
      });
      const exampleUnits =
        created && (await runtime.store.headPosition()) === undefined ? await importExampleUnits(runtime, path) : 0;
      printWelcome(api.address, runtime.log, path, created, feedName(feed), exampleUnits);
      const stop = async (name: string) => {
        runtime.logger.info({ signal: name }, 'shutting down: finishing the current batches');
        stopping.abort();
        await Promise.all([api.closed, followers.stop()]);
        await runtime.close();
        process.exit(0);
      };
      process.once('SIGTERM', () => void stop('SIGTERM'));
      process.once('SIGINT', () => void stop('SIGINT'));
      void followers.exited.then((code) => {
        if (!stopping.signal.aborted)
          runtime.logger.error(
            { code },
            'the followers thread ended; restart statledger serve to resume from the checkpoints',
          );
      });
    });
}

/** Where aggregates go, for the welcome text: the sink itself is opened on the followers' thread. */
function feedName(feed: { kafka?: string | undefined; file?: string | undefined }): string | undefined {
  const brokers = feed.kafka ?? process.env.STATLEDGER_KAFKA_BROKERS;
  const file = feed.file ?? process.env.STATLEDGER_FEED_FILE;
  return brokers ? `Kafka ${brokers}` : file ? `the file ${file}` : undefined;
}

/**
 * The example reports (examples/reports.csv, dated 2025-03) moved to the last month that has ended, so a first
 * run shows a recent month rather than one 600 days late; written beside the principals file.
 */
const EXAMPLE_UNITS = 'examples/units.csv';

function recentExamples(dir: string): { file: string; period: string } | undefined {
  const template = 'examples/reports.csv';
  if (!existsSync(template)) return undefined;
  const period = DateTime.now().setZone(STATISTICAL_ZONE).minus({ months: 1 }).toFormat('yyyy-MM');
  const file = join(dir, 'examples', `reports-${period}.csv`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, readFileSync(template, 'utf8').replaceAll(',2025-03,', `,${period},`));
  return { file, period };
}

/**
 * A first run on an empty store gets the example units (examples/units.csv, part of 东城区), so that the example
 * principals can sign in to the console and report at once. Returns how many were registered.
 */
async function importExampleUnits(runtime: Runtime, principals: string): Promise<number> {
  if (!existsSync(EXAMPLE_UNITS)) return 0;
  const admin = loadPrincipalDirectory(principals)
    .all()
    .find((p) => p.role === 'admin')!;
  const summary = await importUnitsCsv(createReadStream(EXAMPLE_UNITS), runtime, {
    principal: admin,
    correlationId: 'serve:example-units',
  });
  return summary.registered;
}

function printWelcome(
  address: string,
  log: string,
  path: string,
  created: boolean,
  feed: string | undefined,
  exampleUnits: number,
): void {
  const tokens = JSON.parse(readFileSync(path, 'utf8')) as {
    principals: { id: string; role: string; unit: string; token: string }[];
  };
  const admin = tokens.principals.find((p) => p.role === 'admin');
  say(`statledger API listening on ${address} (${log})`);
  say(`console (统计工作台): ${address}/ — sign in with a principal's token`);
  if (exampleUnits)
    say(`example units registered on this first run: ${exampleUnits} (${EXAMPLE_UNITS}, part of 东城区)`);
  if (feed) say(`publishing aggregates to ${feed}`);
  // Tokens are shown once, when they are made; after that they are only in the file, readable by its owner.
  say(
    created
      ? `principals created in ${path} (readable only by you); their tokens, shown this once:`
      : `principals from ${path}; their tokens are in that file and not shown again:`,
  );
  for (const p of tokens.principals)
    say(`  ${p.id.padEnd(22)} ${p.role.padEnd(9)} ${p.unit.padEnd(12)}${created ? ` token ${p.token}` : ''}`);
  const examples = recentExamples(dirname(path));
  if (!admin || !examples) return;
  const bearer = created ? admin.token : '$ADMIN_TOKEN';
  say(
    `try it${created ? '' : ` (with ADMIN_TOKEN set to ${admin.id}'s token from ${path})`}, with the example reports dated ${examples.period}:`,
  );
  say(
    `  curl -s -H "Authorization: Bearer ${bearer}" -H 'Content-Type: text/csv' --data-binary @examples/units.csv ${address}/v1/imports/units`,
  );
  say(
    `  curl -s -H "Authorization: Bearer ${bearer}" -H 'Content-Type: text/csv' --data-binary @${examples.file} ${address}/v1/imports/reports`,
  );
  say(
    `  curl -s -H "Authorization: Bearer ${bearer}" ${address}/v1/reports/report-sanitation-110101001001-${examples.period}/history`,
  );
  say(`  curl -s -H "Authorization: Bearer ${bearer}" '${address}/v1/quality?unit=110101&period=${examples.period}'`);
}
