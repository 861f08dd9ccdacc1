import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { max, median } from 'simple-statistics';
import type { DemoUnit } from '@statledger/demo';
import type { UnitCode } from '@statledger/domain';
import type { Runtime } from '@statledger/pipeline';
import { statisticsFromProjection } from '@statledger/read-models';
import { repoRoot, spawnTs, type TsChild } from '@statledger/testing';

export interface HttpFigures {
  requests: number;
  ratePerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
}

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

/** `GET` of a path at a fixed rate with 8 connections: /healthz gives the floor, the server doing nothing. */
export async function getLatency(address: string, path: string, rate: number, seconds: number): Promise<HttpFigures> {
  const result = await autocannon({
    url: `${address}${path}`,
    connections: 8,
    overallRate: rate,
    duration: seconds,
  });
  return figuresOf(result);
}

const figuresOf = (result: autocannon.Result): HttpFigures => ({
  requests: result.requests.total,
  // Requests over the run's own length: autocannon's per-second average also counts a last, partial second.
  ratePerSec: result.requests.total / result.duration,
  p50Ms: result.latency.p50,
  p99Ms: result.latency.p99,
  maxMs: result.latency.max,
  non2xx: result.non2xx,
  errors: result.errors,
});

/**
 * `POST /v1/reports` on loopback at a fixed rate, each request a new report, bounded by request count and time: the
 * villages' reports of the first period, then (when the requests outnumber the villages) of the next, and so on.
 * The latency includes the whole path: authentication, validation, decide, append.
 */
export async function submissionLatency(
  address: string,
  villages: DemoUnit[],
  options: { periods: readonly string[]; rate: number; requests: number; seconds: number },
): Promise<HttpFigures> {
  let next = 0;
  const result = await autocannon({
    url: `${address}/v1/reports`,
    method: 'POST',
    headers: { authorization: `Bearer ${BENCH_TOKEN}`, 'content-type': 'application/json' },
    connections: 8,
    overallRate: options.rate,
    amount: Math.min(options.requests, villages.length * options.periods.length),
    duration: options.seconds,
    requests: [
      {
        setupRequest: (request) => {
          const period = options.periods[Math.floor(next / villages.length) % options.periods.length]!;
          const village = villages[next++ % villages.length]!;
          const collected = 100 + (next % 97);
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
            ...request,
            body: JSON.stringify({ form: 'sanitation', unitCode: village.code, period, values }),
          };
        },
      },
    ],
  });
  return figuresOf(result);
}
