import Database from 'better-sqlite3';
import type { LogRuntime } from '@statledger/pipeline';
import { resetProjection, runProjector } from '@statledger/read-models';
import { benchDb } from './pipeline-run.ts';
import { rawReplay } from './store-baselines.ts';
import { ceilingRate, rawRowWrite } from './raw-row-write.ts';
import { medianRound } from './rounds.ts';

export interface RebuildFigures {
  events: number;
  ms: number;
  eventsPerSec: number;
  /** The same log read in order with JSON.parse of every row, nothing else: the replay limit. */
  rawReplayPerSec: number;
  /** The rows the rebuild left, written raw into empty tables (no fold): milliseconds. */
  rawRowWriteMs: number;
  /** The raw replay and then that raw write: what a rebuild that folded nothing would take, as events per second. */
  ceilingPerSec: number;
  /** Every measured round's rebuild / raw replay: the figures above are those of the median round. */
  ratios: number[];
}

/**
 * Empties the read models and folds the whole log again, as `statledger rebuild` does, each time right after a raw
 * replay of the same log and followed by a raw write of the rows it left (the ceiling). The first round warms up
 * (compiled code, page cache) for both sides and is not counted; of the rounds after it, the one whose rebuild / raw
 * replay is the median is given (the machine's speed moves between rounds, and a replay and the rebuild after it
 * move together).
 */
export async function rebuild(runtime: LogRuntime, rounds = 4): Promise<RebuildFigures> {
  const measured: Omit<RebuildFigures, 'ratios'>[] = [];
  for (let round = 0; round < rounds; round++) {
    const figures = await rebuildOnce(runtime);
    if (round > 0) measured.push(figures);
  }
  return medianRound(measured, (f) => f.eventsPerSec / f.rawReplayPerSec);
}

async function rebuildOnce(runtime: LogRuntime): Promise<Omit<RebuildFigures, 'ratios'>> {
  const db = benchDb(runtime);
  const rawReplayPerSec = rawReplayRate(db.name);
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
  const rawRowWriteMs = rawRowWrite(db, `${db.name}.raw-rows`);
  return {
    events: result.events,
    ms,
    eventsPerSec: result.events / (ms / 1000),
    rawReplayPerSec,
    rawRowWriteMs,
    ceilingPerSec: ceilingRate(result.events, rawReplayPerSec, rawRowWriteMs),
  };
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
