import { afterEach, describe, it } from 'vitest';
import type { ProjectionStore } from '../projection-store.ts';
import type { ProjectionHarness } from './harness.ts';
import { foldingContract } from './folding.contract.ts';
import { checkpointContract } from './checkpoint.contract.ts';
import { outboxContract } from './outbox.contract.ts';

export type { ProjectionHarness } from './harness.ts';
export { sampleLog, SAMPLE } from './sample-log.ts';
export { fold } from './fold.ts';

/** The one contract suite every projection adapter runs. */
export function runProjectionStoreContract(harness: ProjectionHarness): void {
  describe(`projection-store contract: ${harness.name}`, () => {
    if (harness.unavailable) {
      console.warn(`[statledger] SKIPPED projection-store contract for ${harness.name}: ${harness.unavailable}`);
      it.skip(`${harness.name} is unavailable here: ${harness.unavailable}`, () => {});
      return;
    }
    const disposers: (() => Promise<void>)[] = [];
    afterEach(async () => {
      await Promise.all(disposers.splice(0).map((d) => d()));
    });
    const open = async (): Promise<ProjectionStore> => {
      const opened = await harness.create();
      disposers.push(opened.dispose);
      return opened.projections;
    };
    foldingContract(open);
    checkpointContract(open);
    outboxContract(open);
  });
}
