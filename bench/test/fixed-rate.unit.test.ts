import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { atFixedRate } from '../src/fixed-rate.ts';

let server: http.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A server that holds every answer until `hold` requests have come in, then answers them all. */
async function holdingServer(hold: number, status = 201): Promise<{ origin: string; bodies: string[] }> {
  const bodies: string[] = [];
  const held: http.ServerResponse[] = [];
  server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      bodies.push(`${request.method} ${request.url} ${body}`);
      held.push(response);
      if (held.length >= hold) for (const r of held.splice(0)) r.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies };
}

describe('requests at a fixed rate, an open loop', () => {
  it('sends each request when it is due, whether or not those before it were answered', async () => {
    // A generator that waits for an answer before sending again would never get past the first request here.
    const { origin, bodies } = await holdingServer(5);
    const figures = await atFixedRate(origin, {
      rate: 500,
      requests: 5,
      plan: (i) => ({ method: 'POST', path: `/r/${i}`, body: `report ${i}` }),
    });
    expect(figures).toMatchObject({ requests: 5, non2xx: 0, errors: 0 });
    expect(bodies.sort()).toEqual([0, 1, 2, 3, 4].map((i) => `POST /r/${i} report ${i}`));
  });

  it('counts a request’s latency from when it was due, the wait for a free connection included', async () => {
    server = http.createServer((_, response) => setTimeout(() => response.writeHead(200).end(), 20));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // One connection, answers 20 ms apart at the earliest, a request due every 2 ms: the fifth, due at 8 ms, is
    // answered at 100 ms or later, more than 90 ms after it was due, though it waited for the server only 20 ms.
    const figures = await atFixedRate(origin, {
      rate: 500,
      requests: 5,
      connections: 1,
      plan: () => ({ method: 'GET', path: '/' }),
    });
    expect(figures.maxMs).toBeGreaterThanOrEqual(90);
  });

  it('counts answers other than 2xx and requests that found no server', async () => {
    const { origin } = await holdingServer(1, 409);
    expect(
      await atFixedRate(origin, { rate: 1000, requests: 3, plan: () => ({ method: 'GET', path: '/' }) }),
    ).toMatchObject({ requests: 3, non2xx: 3, errors: 0 });
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    expect(
      await atFixedRate(origin, { rate: 1000, requests: 2, plan: () => ({ method: 'GET', path: '/' }) }),
    ).toMatchObject({ requests: 0, errors: 2 });
  });
});
