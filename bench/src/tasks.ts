import type { PipelineMode } from './pipeline-run.ts';

/** What the parent asks a child process to measure. */
export type ChildTask =
  | {
      kind: 'city-year';
      dir: string;
      mode: PipelineMode;
      rebuild?: boolean;
      city: string;
      year: number;
      seed: number;
      months?: number;
    }
  | { kind: 'national-month'; dir: string; mode: PipelineMode; rebuild?: boolean; period: string; seed: number }
  | { kind: 'rebuild'; storeFile: string }
  | { kind: 'closed-periods'; dir: string; limitMs: number }
  | {
      kind: 'store';
      dir: string;
      storeFile: string;
      batch: number;
      importBatch: number;
      emmettEvents: number;
      run: number;
    }
  | { kind: 'postgres-store'; storeFile: string; batch: number; importBatch: number; emmettEvents: number }
  | { kind: 'postgres-rebuild'; url: string }
  | { kind: 'emmett-postgres'; storeFile: string; emmettEvents: number }
  | {
      kind: 'http';
      dir: string;
      storeFile: string;
      city: string;
      period: string;
      rate: number;
      requests: number;
      statisticsPeriod: string;
      statisticsRounds: number;
    }
  | { kind: 'http-postgres'; dir: string; storeFile: string; city: string; seconds: number; limitMs: number };

export type ChildAnswer = { ok: true; result: unknown } | { ok: false; error: string };
