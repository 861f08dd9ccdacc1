import { Transform } from 'node:stream';
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number): void;
  stop(): void;
}

/** A progress bar on stderr when a person is watching (a TTY); silent in pipes and CI logs. */
export function progressBar(label: string, total: number, unit = 'events'): Progress {
  if (!process.stderr.isTTY || total === 0) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {eta_formatted} left`,
      stream: process.stderr,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (done) => bar.update(done), stop: () => bar.stop() };
}

/** A byte-counting pass-through for file imports, driving a bar sized by the file. */
export function countingProgress(label: string, totalBytes: number): { counter: Transform; stop(): void } {
  const bar = progressBar(label, totalBytes, 'bytes');
  let seen = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      bar.update(seen);
      callback(null, chunk);
    },
  });
  return { counter, stop: () => bar.stop() };
}
