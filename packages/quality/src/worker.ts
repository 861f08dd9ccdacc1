import { setImmediate } from 'node:timers/promises';
import type { FormCatalogue } from '@statledger/domain';
import {
  isCaughtUp,
  readAllPages,
  type AppendRequest,
  type Checkpoint,
  type CheckpointStore,
  type EventData,
  type EventStore,
  type JsonObject,
} from '@statledger/event-store';
import { QUALITY_INPUTS, createQualityModel, type DirtySubjects, type QualityModel } from './model.ts';
import { createEvaluator } from './evaluate.ts';
import { QUALITY_OUTPUTS, planEmission } from './emission.ts';
import type { SourceRegistry } from './source-registry.ts';

/** Events folded between two rounds of checks across units, and groups or windows checked between two yields. */
const ACROSS_EVERY = 2_000;
const ACROSS_SLICE = 20;

export interface WorkerLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface QualityWorkerOptions {
  store: EventStore;
  checkpoints: CheckpointStore;
  catalogue: FormCatalogue;
  sources: SourceRegistry;
  log?: WorkerLog;
  /** Checkpoint name; two copies of one worker cannot both advance it. */
  name?: string;
  /** Events folded between two rounds of checks. */
  batchEvents?: number;
  signal?: AbortSignal;
  /** How near a later value stays to one accepted as structural to stay unflagged (the follow-up policy's). */
  structuralTolerance?: number;
  /** Stop once the log is exhausted (the CLI), or keep following it (the service). */
  stopWhenCaughtUp?: boolean;
  onProgress?: (stats: QualityWorkerStats) => void;
}

export interface QualityWorkerStats {
  eventsFolded: number;
  findingsRaised: number;
  findingsResolved: number;
  /** Checks that threw on some input: each left CHECK_FAILED on its subject and a log line. */
  checksFailed: number;
  checkpoint: string | undefined;
}

/**
 * Follows the log and appends quality findings as events. On start it folds the log up to its checkpoint
 * without checking (those findings are already written), then checks each report after every event that
 * changes it, and the groups and windows across units at most every 2,000 events and before each flush, and
 * writes the findings of a batch before moving the checkpoint. A crash in between re-checks the batch, and the emission
 * plan, which compares with the findings already in the log, appends nothing twice.
 */
export async function runQualityWorker(options: QualityWorkerOptions): Promise<QualityWorkerStats> {
  const { store, checkpoints, catalogue, sources } = options;
  const name = options.name ?? 'quality-worker';
  const batchEvents = options.batchEvents ?? 50_000;
  const model = createQualityModel(
    catalogue,
    options.structuralTolerance === undefined ? {} : { structuralTolerance: options.structuralTolerance },
  );
  const inputs = { eventTypes: [...QUALITY_INPUTS] };
  const evaluator = createEvaluator(model, catalogue, sources);
  let checkpoint: Checkpoint | null = await checkpoints.load(name);
  const stats: QualityWorkerStats = {
    eventsFolded: 0,
    findingsRaised: 0,
    findingsResolved: 0,
    checksFailed: 0,
    checkpoint: checkpoint?.position,
  };

  if (checkpoint?.position !== undefined) {
    const upTo = checkpoint.position;
    for await (const page of readAllPages(store, { filter: inputs })) {
      const folded = page.filter((e) => e.position <= upTo);
      folded.forEach(model.apply);
      if (folded.length < page.length) break;
    }
    model.drainDirty();
    options.log?.info({ checkpoint: checkpoint.position }, 'quality worker resumed from its checkpoint');
  }
  const reportsWithFindings = await reportsThatMayHaveFindings(store, model, checkpoint?.position);

  const metadata: JsonObject = { principal: 'system:quality-worker', channel: 'system', correlationId: name };
  // Subjects touched in this batch: what their stream held when first read, and what is planned since.
  const subjects = new Map<
    string,
    {
      report: string | undefined;
      revision: bigint | null;
      history: Pick<EventData, 'type' | 'data'>[];
      pending: EventData[];
    }
  >();

  /** Plans the events that make the subjects' open findings what the checks now found. */
  const plan = async ({ desired, failures }: ReturnType<typeof evaluator.evaluate>) => {
    for (const failure of failures) {
      stats.checksFailed++;
      options.log?.warn(
        { ...failure, position: model.lastPosition },
        'a quality check failed on this input; CHECK_FAILED recorded, checking goes on',
      );
    }
    for (const [subject, { report, families, confirmed }] of desired) {
      let state = subjects.get(subject);
      if (!state) {
        // A report first seen after the checkpoint has no findings unless this process wrote them: no read.
        const recorded = report === undefined || reportsWithFindings.has(report) ? await store.readStream(subject) : [];
        state = { report, revision: recorded.at(-1)?.revision ?? null, history: recorded, pending: [] };
        subjects.set(subject, state);
      }
      const events = planEmission(
        subject,
        report,
        state.history,
        families,
        { position: model.lastPosition, reason: 'no longer found after the report or its context changed', confirmed },
        { ...metadata, causationPosition: model.lastPosition ?? null },
      );
      state.history.push(...events);
      state.pending.push(...events);
      for (const e of events) {
        if (e.type === 'QualityFindingRaised') stats.findingsRaised++;
        else stats.findingsResolved++;
      }
    }
  };

  /** A report's own checks, after every event that changed it. */
  const checkReports = () => plan(evaluator.evaluate(model.drainDirty(true)));

  /**
   * Checks across units (siblings, parents, districts' digits) of every group and window changed since the last
   * time, each once however many of its reports changed: a file of reports for closed periods costs in proportion
   * to the groups it touches, not to its reports times their groups. In slices, leaving the event loop (an API in
   * the same process, a SIGTERM) free between them. False when stopped midway: nothing of it may be checkpointed.
   */
  const checkAcross = async (): Promise<boolean> => {
    const { groups, windows } = model.drainDirty();
    const slices: DirtySubjects[] = [];
    for (let i = 0; i < groups.length; i += ACROSS_SLICE)
      slices.push({ reports: [], groups: groups.slice(i, i + ACROSS_SLICE), windows: [] });
    for (let i = 0; i < windows.length; i += ACROSS_SLICE)
      slices.push({ reports: [], groups: [], windows: windows.slice(i, i + ACROSS_SLICE) });
    for (const slice of slices) {
      if (options.signal?.aborted) return false;
      await plan(evaluator.evaluate(slice));
      await setImmediate();
    }
    return true;
  };

  /** Appends the batch's findings and moves the checkpoint. */
  const flush = async (): Promise<void> => {
    const withFindings = [...subjects].filter(([, s]) => s.pending.length > 0);
    const requests: AppendRequest[] = withFindings.map(([stream, s]) => ({
      stream,
      expectedRevision: s.revision ?? 'no_stream',
      events: s.pending,
    }));
    for (const [, s] of withFindings) if (s.report) reportsWithFindings.add(s.report);
    subjects.clear();
    // Few, large transactions: commits, not rows, are what an embedded store pays for. Each new event id lands on
    // a random page of the id index; in a large transaction more of them share a page, written once at commit.
    for (let i = 0; i < requests.length; i += 25_000) await store.appendToStreams(requests.slice(i, i + 25_000));
    if (model.lastPosition !== undefined && model.lastPosition !== checkpoint?.position) {
      checkpoint = await checkpoints.save(name, model.lastPosition, checkpoint?.version ?? null);
      stats.checkpoint = checkpoint.position;
    }
    options.onProgress?.(stats);
  };

  let sinceFlush = 0;
  let sinceAcross = 0;
  const checkAndFlush = async () => {
    if (await checkAcross()) await flush();
    sinceFlush = sinceAcross = 0;
  };
  // Its own findings are not inputs, so the checkpoint is the last input checked: a re-run checks nothing.
  for await (const item of store.subscribeToAll({
    ...(checkpoint?.position ? { from: checkpoint.position } : {}),
    filter: inputs,
    batchSize: 1_000,
    ...(options.signal ? { signal: options.signal } : {}),
  })) {
    if (isCaughtUp(item)) {
      await checkAndFlush();
      if (options.stopWhenCaughtUp) break;
      continue;
    }
    model.apply(item);
    stats.eventsFolded++;
    await checkReports();
    if (++sinceFlush >= batchEvents) await checkAndFlush();
    else if (++sinceAcross >= ACROSS_EVERY && model.pendingAcross > 0) {
      await checkAcross();
      sinceAcross = 0;
    }
  }
  if (sinceFlush > 0 && !options.stopWhenCaughtUp) await checkAndFlush();
  return stats;
}

/**
 * The reports whose quality streams may already hold findings, so that only those are read before planning:
 * reports folded on resume (up to the checkpoint), reports with findings written after the checkpoint by a
 * run that stopped before saving it, and (added by the caller) reports this process has written findings of.
 * Any other report's stream is empty; should it not be (a second copy of the worker), the append's expected
 * revision refuses it.
 */
async function reportsThatMayHaveFindings(
  store: EventStore,
  model: QualityModel,
  checkpoint: string | undefined,
): Promise<Set<string>> {
  const reports = new Set(model.reports.keys());
  for await (const page of readAllPages(store, {
    ...(checkpoint ? { from: checkpoint } : {}),
    filter: { eventTypes: [...QUALITY_OUTPUTS] },
  })) {
    for (const e of page) if (typeof e.data.report === 'string') reports.add(e.data.report);
  }
  return reports;
}
