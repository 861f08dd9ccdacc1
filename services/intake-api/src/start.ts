import { loadPrincipalDirectory } from '@statledger/intake';
import { createQualityView } from '@statledger/quality';
import { awaitProjection, statisticsFromProjection } from '@statledger/read-models-sqlite';
import { type Runtime } from '@statledger/pipeline';
import type { UnitCode } from '@statledger/domain';
import { createIntakeApi } from './app.ts';
import { DEFAULT_AUTHENTICATION_LIMITS } from './authentication.ts';

/** The HTTP API on a runtime; resolves with its address once listening, and closes (finishing requests in flight) on abort. */
export async function startIntakeApi(runtime: Runtime, options: { principalsPath: string; port: number; host: string; signal: AbortSignal }): Promise<{ address: string; closed: Promise<void> }> {
  const principals = loadPrincipalDirectory(options.principalsPath);
  const denominatorSource = runtime.sourceRegistry.isDenominatorSource;
  // The present from the projection (kept by a projector in this process or another); the past by folding the log.
  const currentStatistics = async (query: { form: string; unit: UnitCode; period: string }) => {
    await awaitProjection(runtime.store);
    return statisticsFromProjection(runtime.store, runtime.catalogue, denominatorSource, query);
  };
  const failures = Number(process.env.STATLEDGER_AUTH_FAILURES ?? DEFAULT_AUTHENTICATION_LIMITS.failures);
  if (!Number.isInteger(failures) || failures < 1) throw new Error(`STATLEDGER_AUTH_FAILURES is the number of failed authentications an address may make per minute, a whole number above 0, not '${process.env.STATLEDGER_AUTH_FAILURES}'`);
  const authenticationLimits = { ...DEFAULT_AUTHENTICATION_LIMITS, failures };
  const app = await createIntakeApi({ ...runtime, principals, quality: createQualityView(runtime.store, runtime.catalogue), denominatorSource, currentStatistics, authenticationLimits });
  const address = await app.listen({ port: options.port, host: options.host });
  const closed = new Promise<void>((resolve) => options.signal.addEventListener('abort', () => void app.close().then(() => resolve()), { once: true }));
  return { address, closed };
}
