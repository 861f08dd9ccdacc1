import { setTimeout as delay } from 'node:timers/promises';
import { createMessageValidator, runFeedPublisher, type FeedSink } from '@statledger/feeds';
import { runQualityWorker, sweepDeadlines } from '@statledger/quality';
import { runProjector } from '@statledger/read-models-sqlite';
import { anchorOf, createChainVerifier } from '@statledger/event-store';
import type { LogRuntime } from './runtime.ts';
import { anchorsPath, appendAnchor, readAnchors } from './anchor-file.ts';

/**
 * The pipeline's processes, each a loop that runs until its signal is aborted, then finishes its batch and
 * stores its checkpoint. `statledger serve` runs them all in one process; services/* run one each
 * (the HTTP API is services/intake-api's own).
 */
export const pipelineProcesses = {
  /** Checks every event after its checkpoint 'quality-worker' and appends findings. */
  async qualityWorker(runtime: LogRuntime, signal: AbortSignal): Promise<void> {
    await runQualityWorker({ store: runtime.store, checkpoints: runtime.store.checkpoints, catalogue: runtime.catalogue, sources: runtime.sourceRegistry, log: runtime.logger, signal });
  },

  /** Folds the log into the read-model tables, checkpoint 'stats-projector' in the same transaction. */
  async projector(runtime: LogRuntime, signal: AbortSignal): Promise<void> {
    await runProjector({ store: runtime.store, catalogue: runtime.catalogue, isDenominatorSource: runtime.sourceRegistry.isDenominatorSource, signal });
  },

  /** Publishes aggregates whose projected revision rose; its progress is the revisions it sent. */
  async feedPublisher(runtime: LogRuntime, sink: FeedSink, signal: AbortSignal): Promise<void> {
    try {
      await runFeedPublisher({ store: runtime.store, catalogue: runtime.catalogue, isDenominatorSource: runtime.sourceRegistry.isDenominatorSource, sink, logger: runtime.logger, validate: createMessageValidator(), signal });
    } finally {
      await sink.close();
    }
  },

  /** Closes periods whose deadline passed, every `everyMs`; each sweep is idempotent, so it needs no checkpoint. */
  async deadlineSweeper(runtime: LogRuntime, signal: AbortSignal, everyMs = 60_000): Promise<void> {
    while (!signal.aborted) {
      try {
        const result = await sweepDeadlines({ store: runtime.store, catalogue: runtime.catalogue, now: new Date() });
        if (result.closed.length) runtime.logger.info({ closed: result.closed }, 'deadlines passed');
      } catch (error) {
        runtime.logger.error({ err: error }, `the deadline sweep failed; it runs again in ${everyMs / 1000} s`);
      }
      await delay(everyMs, undefined, { signal }).catch(() => undefined);
    }
  },

  /**
   * Anchors the chain head outside the database every `everyMs` while the log grows: it verifies what was
   * appended since the newest anchor, then appends {position, hash} with a MAC keyed by the server secret to
   * the anchors file. A broken chain is logged as an error and never anchored.
   */
  async chainAnchorer(runtime: LogRuntime, signal: AbortSignal, everyMs = 60_000): Promise<void> {
    const path = anchorsPath();
    const newest = readAnchors(path, runtime.secret).anchors.at(-1);
    const verifier = createChainVerifier(runtime.store, newest);
    let anchored = newest?.position;
    while (!signal.aborted) {
      try {
        const head = await runtime.store.headPosition();
        if (head !== undefined && head !== anchored) {
          const result = await verifier.verifyUpTo(head);
          if (!result.ok) runtime.logger.error({ position: result.firstBadPosition }, 'the hash chain is broken: not anchored; run statledger verify');
          else if (result.lastPosition !== undefined && result.lastPosition !== anchored) {
            appendAnchor(path, anchorOf({ position: result.lastPosition, hash: result.lastHash }, runtime.secret, new Date().toISOString()));
            anchored = result.lastPosition;
          }
        }
      } catch (error) {
        runtime.logger.error({ err: error }, `anchoring the chain head failed; it is tried again in ${everyMs / 1000} s`);
      }
      await delay(everyMs, undefined, { signal }).catch(() => undefined);
    }
  },
};
