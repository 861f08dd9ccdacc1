import { setTimeout as delay } from 'node:timers/promises';
import { createMessageValidator, runFeedPublisher, type FeedSink } from '@statledger/feeds';
import { sweepDeadlines } from '@statledger/deadlines';
import { runQualityWorker } from '@statledger/quality';
import { runProjector } from '@statledger/read-models';
import { createFindingsView, escalateOverdue } from '@statledger/followup';
import { anchorOf, createChainVerifier, sequenceOf } from '@statledger/event-store';
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
    const progress = progressLog(runtime, 'quality worker');
    await runQualityWorker({
      store: runtime.store,
      checkpoints: runtime.projections.checkpoints,
      catalogue: runtime.catalogue,
      sources: runtime.sourceRegistry,
      log: runtime.logger,
      structuralTolerance: runtime.followUpPolicy.structuralTolerance,
      signal,
      onProgress: (s) =>
        void progress(s.checkpoint, {
          eventsChecked: s.eventsFolded,
          findingsRaised: s.findingsRaised,
          findingsResolved: s.findingsResolved,
          checksFailed: s.checksFailed,
        }),
    });
  },

  /** Folds the log into the read-model tables, checkpoint 'stats-projector' in the same transaction. */
  async projector(runtime: LogRuntime, signal: AbortSignal): Promise<void> {
    const progress = progressLog(runtime, 'statistics projector');
    await runProjector({
      events: runtime.store,
      projections: runtime.projections,
      catalogue: runtime.catalogue,
      isDenominatorSource: runtime.sourceRegistry.isDenominatorSource,
      signal,
      onBatch: (position: string | undefined) => void progress(position, {}),
    });
  },

  /** Publishes aggregates whose projected revision rose; its progress is the revisions it sent. */
  async feedPublisher(runtime: LogRuntime, sink: FeedSink, signal: AbortSignal): Promise<void> {
    try {
      await runFeedPublisher({
        projections: runtime.projections,
        catalogue: runtime.catalogue,
        isDenominatorSource: runtime.sourceRegistry.isDenominatorSource,
        sink,
        logger: runtime.logger,
        validate: createMessageValidator(),
        signal,
      });
    } finally {
      await sink.close();
    }
  },

  /**
   * Closes periods whose deadline passed and escalates findings past their due date, every `everyMs`; each
   * sweep is idempotent, so it needs no checkpoint.
   */
  async deadlineSweeper(runtime: LogRuntime, signal: AbortSignal, everyMs = 60_000): Promise<void> {
    const findings = createFindingsView(runtime.store, runtime.followUpPolicy);
    while (!signal.aborted) {
      try {
        const result = await sweepDeadlines({ store: runtime.store, catalogue: runtime.catalogue, now: new Date() });
        if (result.closed.length) runtime.logger.info({ closed: result.closed }, 'deadlines passed');
        const { escalated, deferred } = await escalateOverdue({
          store: runtime.store,
          view: findings,
          now: new Date(),
        });
        if (escalated.length || deferred.length)
          runtime.logger.info(
            { escalated: escalated.length, deferred },
            'overdue findings escalated to their parent units',
          );
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
    const newest = readAnchors(path, runtime.secret, runtime.log).anchors.at(-1);
    const verifier = createChainVerifier(runtime.store, newest);
    let anchored = newest?.position;
    while (!signal.aborted) {
      try {
        const head = await runtime.store.headPosition();
        if (head !== undefined && head !== anchored) {
          const result = await verifier.verifyUpTo(head);
          if (!result.ok)
            runtime.logger.error(
              { position: result.firstBadPosition },
              'the hash chain is broken: not anchored; run statledger verify',
            );
          else if (result.lastPosition !== undefined && result.lastPosition !== anchored) {
            appendAnchor(
              path,
              anchorOf(
                { position: result.lastPosition, hash: result.lastHash },
                runtime.secret,
                new Date().toISOString(),
                runtime.log,
              ),
            );
            anchored = result.lastPosition;
          }
        }
      } catch (error) {
        runtime.logger.error(
          { err: error },
          `anchoring the chain head failed; it is tried again in ${everyMs / 1000} s`,
        );
      }
      await delay(everyMs, undefined, { signal }).catch(() => undefined);
    }
  },
};

/**
 * A follower's progress through a backlog, logged as it stores each checkpoint (at most every 5 s): where it is,
 * how far the log head is, and what it did. Once caught up it says so once, and is quiet while it follows.
 */
function progressLog(runtime: LogRuntime, name: string) {
  let lastAt = 0;
  let caughtUp = false;
  return async (checkpoint: string | undefined, details: object) => {
    const head = await runtime.store.headPosition();
    const behind =
      head !== undefined && checkpoint !== undefined && /^\d+$/.test(head)
        ? sequenceOf(head) - sequenceOf(checkpoint)
        : null;
    const atHead = behind !== null && behind <= 0;
    if (atHead && caughtUp) return;
    if (!atHead && Date.now() - lastAt < 5_000) return;
    lastAt = Date.now();
    caughtUp = atHead;
    runtime.logger.info(
      { follower: name, checkpoint, head, behind, ...details },
      atHead ? `${name} caught up with the log` : `${name} catching up`,
    );
  };
}
