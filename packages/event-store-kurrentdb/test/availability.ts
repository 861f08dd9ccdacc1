import { request } from 'node:http';
import { existsSync } from 'node:fs';

/** Whether a Docker engine answers on its socket (or DOCKER_HOST), within a second. */
async function dockerAnswers(): Promise<boolean> {
  const socketPath = process.env.DOCKER_HOST?.startsWith('unix://')
    ? process.env.DOCKER_HOST.slice(7)
    : '/var/run/docker.sock';
  if (!process.env.DOCKER_HOST && !existsSync(socketPath)) return false;
  const target =
    process.env.DOCKER_HOST && !process.env.DOCKER_HOST.startsWith('unix://')
      ? {
          host: new URL(process.env.DOCKER_HOST.replace(/^tcp:/, 'http:')).hostname,
          port: Number(new URL(process.env.DOCKER_HOST.replace(/^tcp:/, 'http:')).port),
        }
      : { socketPath };
  return new Promise((resolve) => {
    const req = request({ ...target, path: '/_ping', timeout: 1_000 }, (res) => resolve(res.statusCode === 200));
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

export async function kurrentDbAvailability(): Promise<{ url?: string; reason: string; stop?: () => Promise<void> }> {
  if (process.env.KURRENTDB_URL) return { url: process.env.KURRENTDB_URL, reason: '' };
  if (!(await dockerAnswers())) {
    return {
      reason:
        'KURRENTDB_URL is not set and no Docker engine answers (testcontainers cannot start KurrentDB); set KURRENTDB_URL=kurrentdb://HOST:2113?tls=false to run it',
    };
  }
  const { KurrentDbContainer } = await import('@testcontainers/kurrentdb');
  const container = await new KurrentDbContainer('docker.kurrent.io/kurrent-latest/kurrentdb:25.1').start();
  return { url: container.getConnectionString(), reason: '', stop: async () => void (await container.stop()) };
}
