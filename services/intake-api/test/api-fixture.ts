import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRuntime, pipelineProcesses, type Runtime } from '@statledger/pipeline';
import { repoRoot } from '@statledger/testing';
import { startIntakeApi } from '../src/start.ts';

export const TOKENS = {
  admin: 'admin-token-0123456789abcdef',
  reporter: 'reporter-token-0123456789abcdef',
  approver: 'approver-token-0123456789abcdef',
  auditor: 'auditor-token-0123456789abcdef',
};

export interface Answer {
  status: number;
  headers: Headers;
  json: Record<string, any>;
  text: string;
}

export interface ApiFixture {
  address: string;
  /** The runtime behind the API: its store and the followers a test runs itself (the quality worker). */
  runtime: Runtime;
  call(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; csv?: string; headers?: Record<string, string> },
  ): Promise<Answer>;
  close(): Promise<void>;
}

/** The API in this process on a fresh store, with a projector following the log; the example units imported. */
export async function apiFixture(): Promise<ApiFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'statledger-api-'));
  const principals = join(dir, 'principals.json');
  writeFileSync(
    principals,
    JSON.stringify({
      principals: [
        { id: 'admin', role: 'admin', unit: 'national', token: TOKENS.admin },
        { id: 'dongcheng-reporter', name: '东城区统计员', role: 'reporter', unit: '110101', token: TOKENS.reporter },
        { id: 'donghuamen-approver', role: 'approver', unit: '110101001', token: TOKENS.approver },
        { id: 'city-auditor', role: 'auditor', unit: '1101', token: TOKENS.auditor },
      ],
    }),
  );
  process.env.STATLEDGER_SECRET_FILE = join(dir, 'secret.key');
  process.env.STATLEDGER_ANCHORS = join(dir, 'anchors.jsonl');
  const runtime = await openRuntime({ store: `sqlite:${join(dir, 'store.db')}`, logLevel: 'silent' });
  const stop = new AbortController();
  const projector = pipelineProcesses.projector(runtime, stop.signal);
  const { address, closed } = await startIntakeApi(runtime, {
    principalsPath: principals,
    port: 0,
    host: '127.0.0.1',
    signal: stop.signal,
  });
  const call: ApiFixture['call'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.csv !== undefined) headers['content-type'] = 'text/csv';
    else if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${address}${path}`, {
      method,
      headers,
      ...(options.csv !== undefined
        ? { body: options.csv }
        : options.body !== undefined
          ? { body: JSON.stringify(options.body) }
          : {}),
    });
    const text = await response.text();
    let json: Record<string, any>;
    try {
      json = JSON.parse(text);
    } catch {
      json = { text };
    }
    return { status: response.status, headers: response.headers, json, text };
  };
  const imported = await call('POST', '/v1/imports/units', {
    token: TOKENS.admin,
    csv: readFileSync(join(repoRoot, 'examples/units.csv'), 'utf8'),
  });
  if (imported.status !== 200) throw new Error(`units import failed: ${imported.text}`);
  return {
    address,
    runtime,
    call,
    async close() {
      stop.abort();
      await Promise.all([closed, projector]);
      await runtime.close();
    },
  };
}
