import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { max, median } from 'simple-statistics';
import type { DemoUnit } from '@statledger/demo';
import type { UnitCode } from '@statledger/domain';
import type { Runtime } from '@statledger/pipeline';
import { statisticsFromProjection } from '@statledger/read-models';
import { repoRoot, spawnTs, type TsChild } from '@statledger/testing';
import { atFixedRate, type HttpFigures } from './fixed-rate.ts';

export type { HttpFigures };

/** One statistics question asked again and again, one request at a time. */
export interface StatisticsLatency {
  path: string;
  requests: number;
  medianMs: number;
  maxMs: number;
  /** The same figures restored from the projection's rows and rolled up each time, in process: the answer after the projection moved. */
  rolledUpMedianMs?: number;
}

export const BENCH_TOKEN = 'bench-district-statistician-token';

/**
 * Waits until the node's unit registry has caught up (/readyz): it takes reports then. Full readiness also wants a
 * projector within reach of the head, and none runs beside these nodes.
 */
async function unitsCaughtUp(address: string): Promise<void> {
  for (const until = Date.now() + 120_000; Date.now() < until;) {
    const body = await fetch(`${address}/readyz`)
      .then((r) => r.json() as Promise<{ units?: { caughtUp?: boolean } }>)
      .catch(() => undefined);
    if (body?.units?.caughtUp) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the unit registry of ${address} did not catch up in 120 s`);
}

/**
 * `nodes` intake API processes on the store, as `services/intake-api` runs in production, for the duration of
 * `measure`: the load generator never shares an event loop (or a core's time slice) with the server it measures.
 */
export async function withApiProcesses<T>(
  store: string,
  dir: string,
  nodes: number,
  measure: (addresses: string[]) => Promise<T>,
): Promise<T> {
  const principals = join(dir, 'principals.json');
  writeFileSync(
    principals,
    JSON.stringify({ principals: [{ id: 'bench-statistician', role: 'admin', unit: 'national', token: BENCH_TOKEN }] }),
  );
  const env = { STATLEDGER_STORE: store, STATLEDGER_PRINCIPALS: principals, PORT: '0', LOG_LEVEL: 'warn' };
  const main = join(repoRoot, 'services/intake-api/src/main.ts');
  const children: TsChild[] = Array.from({ length: nodes }, () => spawnTs(main, [], env));
  try {
    const addresses = await Promise.all(
      children.map(
        async (child) => /(http:\/\/127\.0\.0\.1:\d+)/.exec(await child.waitForLine(/listening on/, 60_000))![1]!,
      ),
    );
    await Promise.all(addresses.map(unitsCaughtUp));
    return await measure(addresses);
  } finally {
    await Promise.all(children.map((child) => child.kill('SIGTERM')));
  }
}

/**
 * `GET` of each path `rounds` times in turn, one request at a time: what a statistician waits for a figure
 * from the projection. A first round warms up; any answer but 200 fails the benchmark.
 */
export async function statisticsLatency(
  address: string,
  paths: string[],
  rounds: number,
): Promise<StatisticsLatency[]> {
  const timings = new Map<string, number[]>(paths.map((path) => [path, []]));
  for (let round = 0; round <= rounds; round++) {
    for (const path of paths) {
      const t0 = performance.now();
      await getOnce(address, path);
      if (round > 0) timings.get(path)!.push(performance.now() - t0);
    }
  }
  return paths.map((path) => {
    const ms = timings.get(path)!;
    return { path, requests: ms.length, medianMs: median(ms), maxMs: max(ms) };
  });
}

/** The median of `rounds` restores and roll-ups of one question from the projection's rows, after a warm-up. */
export async function rollUpLatency(
  runtime: Runtime,
  query: { form: string; unit: UnitCode; period: string },
  rounds: number,
): Promise<number> {
  const ms: number[] = [];
  for (let round = 0; round <= rounds; round++) {
    const t0 = performance.now();
    await statisticsFromProjection(
      runtime.projections,
      runtime.catalogue,
      runtime.sourceRegistry.isDenominatorSource,
      query,
    );
    if (round > 0) ms.push(performance.now() - t0);
  }
  return median(ms);
}

/** One `GET` as the bench's principal; any answer but 200 fails the benchmark. */
export async function getOnce(address: string, path: string): Promise<string> {
  const response = await fetch(`${address}${path}`, { headers: { authorization: `Bearer ${BENCH_TOKEN}` } });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${body.slice(0, 300)}`);
  return body;
}

/** `GET` of a path at a fixed rate: /healthz gives the floor, the server doing nothing. */
export function getLatency(address: string, path: string, rate: number, seconds: number): Promise<HttpFigures> {
  return atFixedRate(address, { rate, requests: rate * seconds, plan: () => ({ method: 'GET', path }) });
}

/**
 * `POST /v1/reports` on loopback at a fixed rate, each request a new report, `requests` of them at most: the
 * villages' reports of the first period, then (when the requests outnumber the villages) of the next, and so on.
 * The latency includes the whole path: authentication, validation, decide, append.
 */
export function submissionLatency(
  address: string,
  villages: DemoUnit[],
  options: { periods: readonly string[]; rate: number; requests: number },
): Promise<HttpFigures> {
  return atFixedRate(address, {
    rate: options.rate,
    requests: Math.min(options.requests, villages.length * options.periods.length),
    plan: (i) => {
      const period = options.periods[Math.floor(i / villages.length) % options.periods.length]!;
      const village = villages[i % villages.length]!;
      const collected = 100 + ((i + 1) % 97);
      const values = {
        SAN_ROAD_AREA: '3.20',
        SAN_WASTE_COLLECTED: `${collected}.00`,
        SAN_WASTE_HARMLESS: `${collected - 1}.50`,
        SAN_NIGHT_SOIL: '15.00',
        SAN_CONSTRUCTION_WASTE: '40.00',
        SAN_PUBLIC_TOILETS: '6',
        SAN_CLEANERS: '15',
      };
      return {
        method: 'POST',
        path: '/v1/reports',
        headers: { authorization: `Bearer ${BENCH_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ form: 'sanitation', unitCode: village.code, period, values }),
      };
    },
  });
}
