import type { Command } from 'commander';
import { copyLog, displayPosition } from '@statledger/event-store';
import { openStores } from '@statledger/pipeline';
import { progressBar } from '../progress.ts';
import { say } from '../output.ts';

export function registerCopy(program: Command): void {
  program
    .command('copy')
    .description(
      'copy the event log into another store, event for event with its hash chain (e.g. the embedded file into PostgreSQL); a copy that stopped is continued',
    )
    .requiredOption(
      '--to <url>',
      'the store to copy into: postgres://…, sqlite:PATH or a kurrentdb:// connection string',
    )
    .option('--store <url>', 'the store to copy from (default: $STATLEDGER_STORE or sqlite:./data/statledger.db)')
    .action(async (options: { to: string; store?: string }) => {
      let instant = new Date();
      const source = await openStores({ store: options.store });
      try {
        // The target's clock is the source's: each event keeps the instant it was recorded.
        const target = await openStores({ store: options.to, projections: options.to, now: () => instant });
        try {
          const head = await source.events.headPosition();
          const bar = progressBar('copying', head && /^\d+$/.test(head) ? Number(head) + 1 : 0);
          const started = performance.now();
          const result = await copyLog({
            source: source.events,
            target: target.events,
            setClock: (at) => (instant = new Date(at)),
            onPage: (p) => bar.update(p.copied + p.alreadyThere),
          });
          bar.stop();
          const seconds = (performance.now() - started) / 1000;
          const targetHead = await target.events.headPosition();
          say(
            `copied ${result.copied} events in ${seconds.toFixed(1)} s (${result.alreadyThere} were there already); the target's log ends at ${targetHead === undefined ? '(empty)' : displayPosition(targetHead)}`,
          );
          say(
            'run statledger verify --store <target> to check its chain; its read models fill as the projector (or any command) folds the log',
          );
        } finally {
          await target.close();
        }
      } finally {
        await source.close();
      }
    });
}
