import { loadPrincipalDirectory } from '@statledger/intake';
import { createQualityView } from '@statledger/quality';
import { sequenceOf } from '@statledger/event-store';
import {
  PROJECTOR,
  awaitProjection,
  createReportLedger,
  createCurrentStatistics,
  worklistOf,
  type WorklistQuery,
} from '@statledger/read-models';
import { type Runtime } from '@statledger/pipeline';
import { shortForm, type UnitCode } from '@statledger/domain';
import { createIntakeApi } from './app.ts';
import { DEFAULT_AUTHENTICATION_LIMITS } from './authentication.ts';

/** The HTTP API on a runtime; resolves with its address once listening, and closes (finishing requests in flight) on abort. */
export async function startIntakeApi(
  runtime: Runtime,
  options: { principalsPath: string; port: number; host: string; signal: AbortSignal },
): Promise<{ address: string; closed: Promise<void> }> {
  const principals = loadPrincipalDirectory(options.principalsPath);
  const denominatorSource = runtime.sourceRegistry.isDenominatorSource;
  // The present from the projection (kept by a projector in this process or another); the past by folding the log.
  const statisticsNow = createCurrentStatistics(runtime.projections, runtime.catalogue, denominatorSource);
  const currentStatistics = async (query: { form: string; unit: UnitCode; period: string }) => {
    await awaitProjection(runtime.store, runtime.projections);
    return statisticsNow(query);
  };
  const worklist = async (query: WorklistQuery) => {
    await awaitProjection(runtime.store, runtime.projections);
    return worklistOf(runtime.projections, runtime.catalogue, denominatorSource, query);
  };
  const reportsOf = async (query: { form: string; unit: UnitCode; periods: string[] }) => {
    await awaitProjection(runtime.store, runtime.projections);
    const ledger = createReportLedger(runtime.catalogue, denominatorSource);
    await runtime.projections.restore(ledger, {
      form: query.form,
      unitPrefix: shortForm(query.unit),
      periods: query.periods,
    });
    return ledger.reportsOf(query.form);
  };
  const failures = Number(process.env.STATLEDGER_AUTH_FAILURES ?? DEFAULT_AUTHENTICATION_LIMITS.failures);
  if (!Number.isInteger(failures) || failures < 1)
    throw new Error(
      `STATLEDGER_AUTH_FAILURES is the number of failed authentications an address may make per minute, a whole number above 0, not '${process.env.STATLEDGER_AUTH_FAILURES}'`,
    );
  const authenticationLimits = { ...DEFAULT_AUTHENTICATION_LIMITS, failures };
  let unitsCaughtUp = false;
  const readiness = () => readinessOf(runtime, unitsCaughtUp);
  const app = await createIntakeApi({
    ...runtime,
    principals,
    quality: createQualityView(runtime.store, runtime.catalogue),
    denominatorSource,
    currentStatistics,
    worklist,
    reportsOf,
    authenticationLimits,
    readiness,
  });
  // Listen first; the unit registry catches up behind /readyz (commands read what they need of it meanwhile).
  const address = await app.listen({ port: options.port, host: options.host });
  const started = performance.now();
  runtime.logger.info({ address }, 'listening; catching up with the log');
  void runtime.units.catchUp().then(
    () => {
      unitsCaughtUp = true;
      runtime.logger.info(
        { units: runtime.units.size(), ms: Math.round(performance.now() - started) },
        'unit registry caught up',
      );
      // Then the findings, so that the first work queue asked for does not wait for a fold of the whole log.
      void runtime.findings.catchUp().then(
        (fold) => runtime.logger.info({ findings: fold.findings.size }, 'findings caught up'),
        (error: unknown) =>
          runtime.logger.warn({ err: error }, 'the findings could not catch up; a queue asked for tries again'),
      );
    },
    (error: unknown) =>
      runtime.logger.error(
        { err: error },
        'the unit registry could not catch up with the store; /readyz says not ready',
      ),
  );
  const closed = new Promise<void>((resolve) =>
    options.signal.addEventListener('abort', () => void app.close().then(() => resolve()), { once: true }),
  );
  return { address, closed };
}

/** A projection this many events behind the log is still catching up: its figures would be stale. */
const READY_LAG = 1_000;

/**
 * Ready when the store answers, the unit registry has caught up and the statistics projection is within 1,000
 * events of the log head; otherwise 'catching up', with how far each follower is behind.
 */
async function readinessOf(runtime: Runtime, unitsCaughtUp: boolean) {
  const head = await runtime.store.headPosition();
  const behind = (position: string | undefined) =>
    head === undefined
      ? 0
      : position === undefined
        ? sequenceOf(head) + 1
        : /^\d+$/.test(head) && /^\d+$/.test(position)
          ? sequenceOf(head) - sequenceOf(position)
          : null;
  const [projector, quality] = await Promise.all(
    [PROJECTOR, 'quality-worker'].map((name) => runtime.projections.checkpoints.load(name)),
  );
  const projection = { checkpoint: projector?.position ?? null, behind: behind(projector?.position) };
  const ready = unitsCaughtUp && projection.behind !== null && projection.behind <= READY_LAG;
  return {
    ready,
    body: {
      status: ready ? 'ready' : 'catching up',
      logHead: head ?? null,
      units: { count: runtime.units.size(), caughtUp: unitsCaughtUp },
      // The quality worker's checkpoint is the last report event it checked; its own findings come after it.
      followers: { 'stats-projector': projection, 'quality-worker': { checkpoint: quality?.position ?? null } },
    },
  };
}
