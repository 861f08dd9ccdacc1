import http from 'node:http';
import { max, quantileSorted } from 'simple-statistics';

/** One request of a run: what to send. */
export interface PlannedRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpFigures {
  requests: number;
  /** Requests answered over the run's own length, from the first one due to the last answer. */
  ratePerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
}

/**
 * Requests at a fixed rate, an open loop (as wrk2 loads a server): request i is due `i / rate` seconds after the
 * start and is sent then, whatever became of those before it, over keep-alive connections (a request waits for a
 * free one when all are busy). Its latency runs from the instant it was due to its whole answer, so a generator
 * or a server that falls behind counts the delay against every request it held up.
 *
 * autocannon's `overallRate` does not do this: each connection sends its share of a second back to back and waits
 * for the next second, and its correction for coordinated omission, at under one request per millisecond per
 * connection, records an answer of d ms d times.
 */
export async function atFixedRate(
  origin: string,
  options: { rate: number; requests: number; connections?: number; plan: (i: number) => PlannedRequest },
): Promise<HttpFigures> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections ?? 64 });
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const send = (request: PlannedRequest, due: number) =>
    new Promise<void>((resolve) => {
      const outgoing = http.request(
        `${origin}${request.path}`,
        { method: request.method, agent, headers: request.headers },
        (response) => {
          response.resume();
          response.once('end', () => {
            latencies.push(performance.now() - due);
            if (response.statusCode! < 200 || response.statusCode! >= 300) non2xx++;
            resolve();
          });
        },
      );
      outgoing.once('error', () => {
        errors++;
        resolve();
      });
      outgoing.end(request.body);
    });
  const start = performance.now();
  const interval = 1000 / options.rate;
  const inFlight: Promise<void>[] = [];
  try {
    for (let i = 0; i < options.requests;) {
      const now = performance.now();
      // Every request due by now goes out; the timer then sleeps until the next one is due.
      for (; i < options.requests && start + i * interval <= now; i++)
        inFlight.push(send(options.plan(i), start + i * interval));
      if (i < options.requests)
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, start + i * interval - performance.now())));
    }
    await Promise.all(inFlight);
  } finally {
    agent.destroy();
  }
  const sorted = latencies.sort((a, b) => a - b);
  return {
    requests: sorted.length,
    ratePerSec: sorted.length / ((performance.now() - start) / 1000),
    p50Ms: sorted.length ? quantileSorted(sorted, 0.5) : NaN,
    p99Ms: sorted.length ? quantileSorted(sorted, 0.99) : NaN,
    maxMs: sorted.length ? max(sorted) : NaN,
    non2xx,
    errors,
  };
}
