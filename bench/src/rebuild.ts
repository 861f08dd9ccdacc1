import Database from 'better-sqlite3';
import type { LogRuntime } from '@statledger/pipeline';
import { resetProjection, runProjector } from '@statledger/read-models';
import { benchDb } from './pipeline-run.ts';
import { rawReplay } from './store-baselines.ts';

export interface RebuildFigures {
  events: number;
  ms: number;
  eventsPerSec: number;
  /** The same log read in order with JSON.parse of every row, nothing else: the replay limit. */
  rawReplayPerSec: number;
}

/**
 * Empties the read models and folds the whole log again, as `statledger rebuild` does, right after a raw
 * replay of the same log. The first round warms up (compiled code, page cache) for both sides; the second is measured.
 */
export async function rebuild(runtime: LogRuntime, rounds = 2): Promise<RebuildFigures> {
  let figures: RebuildFigures | undefined;
  for (let round = 0; round < rounds; round++) figures = await rebuildOnce(runtime);
  return figures!;
}

async function rebuildOnce(runtime: LogRuntime): Promise<RebuildFigures> {
  const rawReplayPerSec = rawReplayRate(benchDb(runtime).name);
  await resetProjection(runtime.projections);
  const t0 = performance.now();
  const result = await runProjector({
    events: runtime.store,
    projections: runtime.projections,
    catalogue: runtime.catalogue,
    isDenominatorSource: runtime.sourceRegistry.isDenominatorSource,
    stopWhenCaughtUp: true,
  });
  const ms = performance.now() - t0;
  return { events: result.events, ms, eventsPerSec: result.events / (ms / 1000), rawReplayPerSec };
}

function rawReplayRate(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    const t0 = performance.now();
    return rawReplay(db) / ((performance.now() - t0) / 1000);
  } finally {
    db.close();
  }
}
