import { max } from 'simple-statistics';
import type { DemoUnit } from '@statledger/demo';
import { readAllPages, type AppendRequest } from '@statledger/event-store';
import { createPostgresEventStore } from '@statledger/event-store-postgres';
import { createSqliteEventStore } from '@statledger/event-store-sqlite';
import { submissionLatency, withApiProcesses, type HttpFigures } from './http-load.ts';

/** One step of the ramp: both API processes at half the rate each, with the worse node's latency. */
export interface RampStep extends HttpFigures {
  targetPerSec: number;
}

export interface TwoNodeRamp {
  steps: RampStep[];
  /** The rate taken at the highest step whose p99 stayed under `limitMs` with every request answered 2xx. */
  highestPerSec: number | null;
  limitMs: number;
}

const RATES = [200, 400, 600, 800, 1_000, 1_300, 1_600, 2_000, 2_500, 3_000, 4_000];

/** The units of the city's log, copied into the PostgreSQL log: what the API needs to take its reports. */
async function copyUnits(storeFile: string, url: string): Promise<void> {
  const from = createSqliteEventStore({ path: storeFile });
  const to = await createPostgresEventStore({ connectionString: url });
  try {
    const byStream = new Map<string, AppendRequest>();
    for await (const page of readAllPages(from, { filter: { streamPrefixes: ['unit-'] } }))
      for (const e of page) {
        const request = byStream.get(e.stream) ?? { stream: e.stream, events: [], expectedRevision: 'no_stream' };
        request.events.push({ id: e.id, type: e.type, data: e.data, metadata: e.metadata });
        byStream.set(e.stream, request);
      }
    const requests = [...byStream.values()];
    if (requests.length === 0) throw new Error(`${storeFile} holds no units: the API would refuse every report`);
    for (let i = 0; i < requests.length; i += 500) await to.appendToStreams(requests.slice(i, i + 500));
  } finally {
    await from.close();
    await to.close();
  }
}

/**
 * Two intake API processes on one PostgreSQL log, as production runs them: `POST /v1/reports` to both at once, each
 * at half the rate, for `seconds` per step, rising until p99 passes `limitMs` or a request fails. Each step takes
 * a period of its own, so every request is a village's first report of it.
 */
export async function twoNodeRamp(options: {
  url: string;
  storeFile: string;
  dir: string;
  villages: DemoUnit[];
  seconds: number;
  limitMs: number;
}): Promise<TwoNodeRamp> {
  await copyUnits(options.storeFile, options.url);
  return withApiProcesses(options.url, options.dir, 2, async (addresses) => {
    const halves = [0, 1].map((n) => options.villages.filter((_, i) => i % 2 === n));
    const atRate = (periods: string[], rate: number, seconds: number) =>
      Promise.all(
        addresses.map((address, n) =>
          submissionLatency(address, halves[n]!, {
            periods,
            rate: rate / 2,
            requests: Math.round((rate / 2) * seconds),
          }),
        ),
      );
    // A warm-up, not counted: connections opened, code compiled, as on a node that has served a while.
    await atRate(['2024-12'], 100, 3);
    const steps: RampStep[] = [];
    for (const [index, rate] of RATES.entries()) {
      // Periods of their own, as many as the step's reports need: a city's villages report once per period.
      const periods = Array.from(
        { length: Math.ceil((rate * options.seconds) / options.villages.length) },
        (_, year) => `${2023 - year}-${String(index + 1).padStart(2, '0')}`,
      );
      const perNode = await atRate(periods, rate, options.seconds);
      const step: RampStep = {
        targetPerSec: rate,
        requests: perNode.reduce((s, f) => s + f.requests, 0),
        ratePerSec: perNode.reduce((s, f) => s + f.ratePerSec, 0),
        p50Ms: max(perNode.map((f) => f.p50Ms)),
        p99Ms: max(perNode.map((f) => f.p99Ms)),
        maxMs: max(perNode.map((f) => f.maxMs)),
        non2xx: perNode.reduce((s, f) => s + f.non2xx, 0),
        errors: perNode.reduce((s, f) => s + f.errors, 0),
      };
      steps.push(step);
      if (step.p99Ms >= options.limitMs || step.non2xx + step.errors > 0) break;
    }
    const passed = steps.filter((s) => s.p99Ms < options.limitMs && s.non2xx + s.errors === 0);
    // The rate the nodes took (answers over the step's length), not the one asked: past it, answers come late.
    const highest = passed.at(-1);
    return { steps, highestPerSec: highest ? Math.round(highest.ratePerSec) : null, limitMs: options.limitMs };
  });
}
