import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './child-process.ts';

const run = promisify(execFile);
const SCRIPT = join(repoRoot, 'infra/kafka/kafka.sh');

export interface KafkaBroker {
  brokers: string[];
  /** Stops the broker (SIGTERM, as an operator would); its data and ports stay for `start`. */
  stop(): Promise<void>;
  /** Starts it again in the same folder, on the same port. */
  start(): Promise<void>;
}

/**
 * A real single-node Kafka broker for a test file, started by infra/kafka/kafka.sh (jars from Maven Central,
 * cached). Each call gets its own folder and port.
 */
export async function startKafkaBroker(): Promise<KafkaBroker> {
  const dir = mkdtempSync(join(tmpdir(), 'statledger-kafka-'));
  const start = async () => {
    const { stdout } = await run('bash', [SCRIPT, 'start', dir], { timeout: 300_000 });
    return /KAFKA_BROKERS=(\S+)/.exec(stdout)![1]!;
  };
  const address = await start();
  return {
    brokers: [address],
    stop: async () => void (await run('bash', [SCRIPT, 'stop', dir], { timeout: 60_000 })),
    start: async () => void (await start()),
  };
}
