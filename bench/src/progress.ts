import cliProgress from 'cli-progress';

export interface Progress {
  /** A new stage of `total` items; the previous one is finished. */
  stage(label: string, total: number): void;
  update(done: number): void;
  done(): void;
}

/**
 * A bar on stderr when someone watches (a TTY); in a pipe or CI log one line per stage with its duration,
 * so a long run still shows where it is without flooding the log.
 */
export function benchProgress(): Progress {
  const tty = process.stderr.isTTY === true;
  let bar: cliProgress.SingleBar | undefined;
  let current: { label: string; started: number } | undefined;
  const finish = () => {
    bar?.stop();
    bar = undefined;
    if (current && !tty)
      process.stderr.write(`  ${current.label}: ${((performance.now() - current.started) / 1000).toFixed(1)} s\n`);
    current = undefined;
  };
  return {
    stage(label, total) {
      finish();
      current = { label, started: performance.now() };
      if (!tty) return;
      bar = new cliProgress.SingleBar(
        {
          format: `${label.padEnd(44)} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}`,
          stream: process.stderr,
          hideCursor: true,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(Math.max(total, 1), 0);
    },
    update(done) {
      bar?.update(Math.min(done, bar.getTotal()));
    },
    done: finish,
  };
}
