import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnTs, type TsChild } from '@statledger/testing';

export const cli = new URL('../src/main.ts', import.meta.url).pathname;

export const TOKENS = {
  admin: 'admin-token-0123456789abcdef',
  reporter: 'reporter-token-0123456789abcdef',
  approver: 'approver-token-0123456789abcdef',
  auditor: 'auditor-token-0123456789abcdef',
};

/** A scratch folder with a principals file of known tokens; every CLI child run in it shares one store. */
export function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'statledger-e2e-'));
  const principals = join(dir, 'principals.json');
  writeFileSync(
    principals,
    JSON.stringify({
      principals: [
        { id: 'admin', role: 'admin', unit: 'national', token: TOKENS.admin },
        { id: 'dongcheng-reporter', role: 'reporter', unit: '110101', token: TOKENS.reporter },
        { id: 'donghuamen-approver', role: 'approver', unit: '110101001', token: TOKENS.approver },
        { id: 'city-auditor', role: 'auditor', unit: '1101', token: TOKENS.auditor },
      ],
    }),
  );
  const env = {
    STATLEDGER_STORE: `sqlite:${join(dir, 'store.db')}`,
    STATLEDGER_PRINCIPALS: principals,
    LOG_LEVEL: 'warn',
  };
  return {
    dir,
    env,
    run: (args: string[]): TsChild => spawnTs(cli, args, env),
    async serve(extraEnv: Record<string, string> = {}): Promise<{ url: string; child: TsChild }> {
      const child = spawnTs(cli, ['serve', '--port', '0'], { ...env, ...extraEnv });
      const line = await child.waitForLine(/listening on http:\/\/127\.0\.0\.1:\d+/);
      return { url: /(http:\/\/127\.0\.0\.1:\d+)/.exec(line)![1]!, child };
    },
  };
}

export interface Answer {
  status: number;
  headers: Headers;
  json: Record<string, any>;
}

export function client(url: string) {
  return async (
    method: string,
    path: string,
    options: { token?: string; body?: unknown; csv?: string; headers?: Record<string, string> } = {},
  ): Promise<Answer> => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.csv !== undefined) {
      headers['content-type'] = 'text/csv';
      body = options.csv;
    } else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const response = await fetch(`${url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    return { status: response.status, headers: response.headers, json: (await response.json()) as Record<string, any> };
  };
}
