import type { PipelineFigures } from './pipeline-run.ts';
import type { RebuildFigures } from './rebuild.ts';
import type { BatchedAppend, PeerRates, StoreRates } from './store-baselines.ts';
import type { PostgresStoreRun } from './postgres-baselines.ts';
import type { HttpFigures, StatisticsLatency } from './http-load.ts';
import type { ClosedPeriodFigures } from './closed-periods.ts';
import type { TwoNodeRamp } from './http-postgres.ts';

/** What a bench run measures and keeps (bench/results/*.json), and the options it ran with. */
export interface BenchOptions {
  /** Measured runs of the city year and the store comparison; the figure shown is their median. */
  runs: number;
  national: boolean;
  /** Also Beijing with the quality worker and projector as services following the ingest. */
  services: boolean;
  seed: number;
  /** Events given to Emmett (it appends one stream per call, a few hundred a second). */
  emmettEvents: number;
  resultsDir: string;
  log: (line: string) => void;
}

export interface CityRun {
  pipeline: PipelineFigures;
  /** Peak RSS of the process that ingested (and, stage after stage, checked and projected). */
  peakRssMiB: number;
  /** The rebuild in a process of its own, after the pipeline (Beijing's stage-after-stage runs). */
  rebuild?: RebuildFigures & { peakRssMiB: number };
}

export interface StoreRun {
  /** 500 streams per transaction; its read-back figures are the store's reading against the raw replay. */
  batched: BatchedAppend;
  /** The CSV import's batch, the path every uploaded report takes. */
  importBatch: BatchedAppend;
  /** With the messages of Emmett's failed attempts, if any (each retried on a fresh file). */
  emmett: PeerRates;
  oursOneByOne: StoreRates;
}

/** The same rows on PostgreSQL: ours against the raw limits and Emmett's PostgreSQL store; either may have failed. */
export interface PostgresRun {
  store: PostgresStoreRun | { failed: string };
  emmett: PeerRates;
}

export interface BenchResults {
  startedAt: string;
  machine: { cpus: number; node: string; platform: string };
  options: Omit<BenchOptions, 'log' | 'resultsDir'>;
  /** Beijing stage after stage in one process: what each stage costs on its own. */
  city: CityRun[];
  /** Beijing once more with the worker and the projector as services, following the ingest as in production (--services). */
  cityServices?: CityRun;
  store: StoreRun[];
  postgres: PostgresRun[];
  /** `floor`: GET /healthz at the same rate, the server doing nothing (absent in older results). */
  http: HttpFigures & { statistics: StatisticsLatency[]; floor?: HttpFigures; peakRssMiB: number };
  /** Two API processes on one PostgreSQL log, the rate raised until p99 passes its limit (absent in older results). */
  httpPostgres?: TwoNodeRamp | { failed: string };
  /** Reports arriving for periods the sweeper closed: checks across units must cost what changed. */
  closedPeriods: ClosedPeriodFigures & { peakRssMiB: number };
  national?: CityRun;
  wallMs: number;
}
