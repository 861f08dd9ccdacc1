import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { DemoUnit } from '@statledger/demo';
import type { Runtime } from '@statledger/pipeline';
import { startIntakeApi } from '@statledger/intake-api';

export interface HttpFigures {
  requests: number;
  ratePerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
}

const TOKEN = 'bench-district-statistician-token';

/**
 * `POST /v1/reports` on loopback at a fixed rate, each request a new village's report, bounded by request
 * count and time. The latency includes the whole path: authentication, validation, decide, append.
 */
export async function submissionLatency(runtime: Runtime, villages: DemoUnit[], options: { dir: string; period: string; rate: number; requests: number; seconds: number }): Promise<HttpFigures> {
  const principalsPath = join(options.dir, 'principals.json');
  writeFileSync(principalsPath, JSON.stringify({ principals: [{ id: 'bench-statistician', role: 'admin', unit: 'national', token: TOKEN }] }));
  const abort = new AbortController();
  const api = await startIntakeApi(runtime, { principalsPath, port: 0, host: '127.0.0.1', signal: abort.signal });
  let next = 0;
  try {
    const result = await autocannon({
      url: `${api.address}/v1/reports`,
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      connections: 8,
      overallRate: options.rate,
      amount: Math.min(options.requests, villages.length),
      duration: options.seconds,
      requests: [
        {
          setupRequest: (request) => {
            const village = villages[next++ % villages.length]!;
            const collected = 100 + (next % 97);
            const values = { SAN_ROAD_AREA: '3.20', SAN_WASTE_COLLECTED: `${collected}.00`, SAN_WASTE_HARMLESS: `${collected - 1}.50`, SAN_NIGHT_SOIL: '15.00', SAN_CONSTRUCTION_WASTE: '40.00', SAN_PUBLIC_TOILETS: '6', SAN_CLEANERS: '15' };
            return { ...request, body: JSON.stringify({ form: 'sanitation', unitCode: village.code, period: options.period, values }) };
          },
        },
      ],
    });
    return {
      requests: result.requests.total,
      ratePerSec: result.requests.average,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      maxMs: result.latency.max,
      non2xx: result.non2xx,
      errors: result.errors,
    };
  } finally {
    abort.abort();
    await api.closed;
  }
}
