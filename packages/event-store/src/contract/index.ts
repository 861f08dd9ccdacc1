import { afterEach, describe, it } from 'vitest';
import type { ContractHarness, OpenedStore } from './harness.ts';
import { expectedRevisionContract } from './expected-revision.contract.ts';
import { readingContract } from './reading.contract.ts';
import { idempotencyContract } from './idempotency.contract.ts';
import { subscriptionContract } from './subscription.contract.ts';
import { checkpointContract } from './checkpoint.contract.ts';
import { integrityContract } from './integrity.contract.ts';
import { killContract } from './kill.contract.ts';

export type { ContractHarness, OpenedStore } from './harness.ts';
export { anEvent } from './harness.ts';

/** The one contract suite every event-store adapter runs. */
export function runEventStoreContract(harness: ContractHarness): void {
  describe(`event-store contract: ${harness.name}`, () => {
    if (harness.unavailable) {
      // One visible line in the test output, rather than a silent pass.
      console.warn(`[statledger] SKIPPED event-store contract for ${harness.name}: ${harness.unavailable}`);
      it.skip(`${harness.name} is unavailable here: ${harness.unavailable}`, () => {});
      return;
    }
    const disposers: (() => Promise<void>)[] = [];
    afterEach(async () => {
      await Promise.all(disposers.splice(0).map((d) => d()));
    });
    const open = async (): Promise<OpenedStore> => {
      const opened = await harness.create();
      disposers.push(opened.dispose);
      return opened;
    };
    expectedRevisionContract(open);
    readingContract(open);
    idempotencyContract(open);
    subscriptionContract(open);
    checkpointContract(open);
    integrityContract(open);
    const childModule = harness.childModule;
    if (childModule) killContract({ ...harness, childModule });
    else it.skip(`${harness.name} does not outlive its process, so the SIGKILL tests do not apply`, () => {});
  });
}
