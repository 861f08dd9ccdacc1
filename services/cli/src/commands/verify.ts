import type { Command } from 'commander';
import { displayPosition, sequenceOf, verifyChain } from '@statledger/event-store';
import { openConfiguredStore } from '@statledger/pipeline';
import { progressBar } from '../progress.ts';

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('recompute the integrity chain of the whole log and name the first event that does not match')
    .option('--store <url>', 'event store (default: $STATLEDGER_STORE or sqlite:./data/statledger.db)')
    .action(async (options: { store?: string }) => {
      const store = openConfiguredStore(options.store);
      try {
        const head = await store.headPosition();
        // Log-sequence positions give the bar its total; other stores' positions do not, and it stays hidden.
        const total = head !== undefined && /^\d+$/.test(head) ? sequenceOf(head) + 1 : 0;
        const progress = progressBar('verifying', total);
        const result = await verifyChain(store, { onProgress: (n) => progress.update(n) });
        progress.stop();
        if (result.ok) {
          const last = result.lastPosition === undefined ? 'the log is empty' : `up to position ${displayPosition(result.lastPosition)}`;
          console.log(`integrity verified: ${result.checked} events checked, ${last}, chain head ${result.lastHash}`);
          return;
        }
        console.log(
          `integrity BROKEN at position ${displayPosition(result.firstBadPosition)}: stored hash ${result.storedHash} but the event hashes to ${result.expectedHash}\n` +
            `${result.checked} events before it verified. The event at that position, or the one before it, was changed after it was written: restore the store from a backup and compare.`,
        );
        process.exitCode = 1;
      } finally {
        await store.close();
      }
    });
}
