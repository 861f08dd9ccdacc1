import type { Command } from 'commander';
import {
  anchorOf,
  displayPosition,
  sequenceOf,
  sequencePosition,
  verifyAgainstAnchors,
  type GivenHead,
} from '@statledger/event-store';
import { anchorsPath, appendAnchor, loadSecret, openStores, readAnchors } from '@statledger/pipeline';
import { progressBar } from '../progress.ts';
import { say } from '../output.ts';

/** `--anchor POSITION:HASH`, as a bulletin or a colleague gives the chain head. */
function givenHead(text: string): GivenHead {
  const match = /^(\d+):([0-9a-f]{64})$/.exec(text);
  if (!match) throw new Error(`--anchor takes POSITION:HASH (a log position and a 64-digit sha256), not '${text}'`);
  return { position: sequencePosition(BigInt(match[1]!)), hash: match[2]! };
}

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description(
      'recompute the integrity chain of the whole log, hold it against the anchored chain heads, and anchor the head',
    )
    .option('--store <url>', 'event store (default: $STATLEDGER_STORE or sqlite:./data/statledger.db)')
    .option(
      '--anchor <position:hash>',
      'also hold the chain against this head (repeatable)',
      (value: string, all: string[]) => [...all, value],
      [] as string[],
    )
    .action(async (options: { store?: string; anchor: string[] }) => {
      const given = options.anchor.map(givenHead);
      const secret = loadSecret();
      const path = anchorsPath();
      const stores = await openStores({ store: options.store });
      const store = stores.events;
      try {
        const { anchors, notGenuine } = readAnchors(path, secret, stores.log);
        if (notGenuine.length) {
          say(
            `anchors BROKEN: line${notGenuine.length > 1 ? 's' : ''} ${notGenuine.join(', ')} of ${path} ${notGenuine.length > 1 ? 'do' : 'does'} not carry a MAC of this deployment's secret: the anchors file was altered. Restore it and the store from a backup and compare.`,
          );
          process.exitCode = 1;
        }
        const head = await store.headPosition();
        // Log-sequence positions give the bar its total; other stores' positions do not, and it stays hidden.
        const total = head !== undefined && /^\d+$/.test(head) ? sequenceOf(head) + 1 : 0;
        const progress = progressBar('verifying', total);
        const result = await verifyAgainstAnchors(store, [...anchors, ...given], {
          onProgress: (n) => progress.update(n),
        });
        progress.stop();
        if (!result.ok) {
          process.exitCode = 1;
          if ('kind' in result) {
            say(
              `integrity BROKEN against the anchor at position ${displayPosition(result.position)}: ${result.message.replaceAll(/\b0{4,}(\d+)/g, '$1')}.\nRestore the store from a backup and compare; ${result.checked} events verified as a chain, but not against what was anchored.`,
            );
          } else {
            say(
              `integrity BROKEN at position ${displayPosition(result.firstBadPosition)}: stored hash ${result.storedHash} but the event hashes to ${result.expectedHash}\n` +
                `${result.checked} events before it verified. The event at that position, or the one before it, was changed after it was written: restore the store from a backup and compare.`,
            );
          }
          return;
        }
        const last =
          result.lastPosition === undefined
            ? 'the log is empty'
            : `up to position ${displayPosition(result.lastPosition)}`;
        const against =
          result.newestAnchor === undefined
            ? 'no anchor yet'
            : `${result.anchorsChecked} anchor${result.anchorsChecked === 1 ? '' : 's'}, the newest at position ${displayPosition(result.newestAnchor)}`;
        say(
          `integrity verified: ${result.checked} events checked, ${last}, chain head ${result.lastHash}; held against ${against}`,
        );
        if (
          result.lastPosition !== undefined &&
          result.lastPosition !== anchors.at(-1)?.position &&
          !process.exitCode
        ) {
          appendAnchor(
            path,
            anchorOf(
              { position: result.lastPosition, hash: result.lastHash },
              secret,
              new Date().toISOString(),
              stores.log,
            ),
          );
          say(`chain head anchored in ${path}`);
        }
      } finally {
        await stores.close();
      }
    });
}
