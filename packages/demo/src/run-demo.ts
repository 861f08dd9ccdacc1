import { Readable } from 'node:stream';
import { DateTime } from 'luxon';
import {
  STATISTICAL_ZONE,
  reportStreamName,
  sourceStreamName,
  targetStreamName,
  type FormCatalogue,
  type ReportCommand,
} from '@statledger/domain';
import { appendClosing, emptySweepState, planSweep } from '@statledger/deadlines';
import { uuidFromName, type AppendRequest, type EventStore } from '@statledger/event-store';
import {
  importUnitsCsv,
  type Principal,
  type ReportService,
  type SourceService,
  type TargetService,
  type UnitImportSummary,
  type UnitRegistry,
} from '@statledger/intake';
import { loadCity, toNbsCsv, type CityTree } from './china-division.ts';
import { buildScenario, type DemoAction, type Scenario } from './scenario.ts';

export interface DemoDeps {
  store: EventStore;
  catalogue: FormCatalogue;
  units: UnitRegistry;
  reports: ReportService;
  sources: SourceService;
  targets: TargetService;
  /** Sets the store's clock: the demo writes a past year, so events carry the simulated time they happened. */
  setClock(at: number): void;
}

export interface DemoResult {
  tree: CityTree;
  scenario: Scenario;
  unitImport: UnitImportSummary;
  actions: number;
  eventsAppended: number;
  alreadyPresent: number;
  periodsClosed: number;
  reportsOverdue: number;
  refused: { action: string; message: string }[];
  elapsedMs: number;
}

const HOUR = 3_600_000;
const demoAdmin: Principal = { id: 'demo-admin', role: 'admin', unit: 'national' };

export async function runDemo(
  deps: DemoDeps,
  options: {
    city: string;
    year: number;
    seed: number;
    historyYears?: number;
    onProgress?: (done: number, total: number) => void;
    tree?: CityTree;
  },
): Promise<DemoResult> {
  const historyYears = options.historyYears ?? 1;
  const started = performance.now();
  const tree = options.tree ?? (await loadCity(options.city));
  const startOfHistory = DateTime.fromObject(
    { year: options.year - historyYears, month: 1, day: 1, hour: 9 },
    { zone: STATISTICAL_ZONE },
  );
  deps.setClock(startOfHistory.toMillis());
  const unitImport = await importUnitsCsv(Readable.from([toNbsCsv(tree)]), deps, {
    principal: demoAdmin,
    correlationId: `demo-${options.city}-${options.year}`,
  });
  const scenario = buildScenario(tree, options.year, options.seed, historyYears);
  const validFrom = `${options.year - historyYears}-01-01`;
  const bureau = { principal: 'demo-statistics-bureau', channel: 'api', correlationId: `demo-${options.seed}` };
  for (let i = 0; i < scenario.population.length; i += 1_000) {
    await deps.store.appendToStreams(
      scenario.population.slice(i, i + 1_000).map(({ code, value }) => ({
        stream: `unit-${code}`,
        expectedRevision: 'stream_exists' as const,
        events: [
          {
            id: uuidFromName(`demo:${options.seed}:population:${code}:${validFrom}`),
            type: 'UnitAttributeSet',
            data: {
              code,
              attribute: 'RESIDENT_POPULATION',
              value: String(value),
              validFrom,
              source: 'statistics_bureau',
            },
            metadata: bureau,
          },
        ],
      })),
    );
  }
  const result: DemoResult = {
    tree,
    scenario,
    unitImport,
    actions: scenario.actions.length,
    eventsAppended: 0,
    alreadyPresent: 0,
    periodsClosed: 0,
    reportsOverdue: 0,
    refused: [],
    elapsedMs: 0,
  };

  // The deadline sweeper, run as it would run in production: when the simulated clock passes each deadline.
  const sweep = emptySweepState();
  const registeredAt = startOfHistory.toUTC().toISO()!;
  for (const u of [tree.city, ...tree.districts, ...tree.subdistricts, ...tree.villages])
    sweep.units.set(u.code, registeredAt);
  const sweepMetadata = {
    principal: 'system:deadline-sweeper',
    channel: 'system',
    correlationId: `demo-${options.seed}`,
  };
  const sweepUntil = async (now: number) => {
    for (const closing of planSweep(sweep, deps.catalogue, new Date(now), sweepMetadata)) {
      deps.setClock(Date.parse(closing.deadline) + 1_000);
      await appendClosing(deps.store, closing, sweep);
      result.periodsClosed++;
      result.reportsOverdue += closing.overdue.length;
    }
  };

  // Every deadline falls at 23:59:59 in Asia/Shanghai, so what the sweep closes changes only when the clock passes
  // an end of day: it is planned once a simulated day, not once an action (7,901 units each time).
  let sweptUntil = -Infinity;
  const endOfDay = (at: number) => {
    const end = DateTime.fromMillis(at, { zone: STATISTICAL_ZONE }).set({
      hour: 23,
      minute: 59,
      second: 59,
      millisecond: 0,
    });
    return end.toMillis() >= at ? end.toMillis() : end.plus({ days: 1 }).toMillis();
  };

  let batch: { at: number; request: AppendRequest }[] = [];
  let batchHour = -1;
  const inBatch = new Set<string>();
  const flush = async () => {
    if (batch.length === 0) return;
    deps.setClock(Math.max(...batch.map((b) => b.at)));
    const appended = await deps.store.appendToStreams(batch.map((b) => b.request));
    appended.forEach((r, i) =>
      r.appended ? (result.eventsAppended += batch[i]!.request.events.length) : result.alreadyPresent++,
    );
    batch = [];
    inBatch.clear();
  };

  for (const [i, action] of scenario.actions.entries()) {
    const stream =
      action.kind === 'source'
        ? sourceStreamName(action.key, action.source)
        : action.kind === 'target'
          ? targetStreamName(action.target)
          : reportStreamName(action.key);
    if (action.at > sweptUntil) {
      if (planSweep(sweep, deps.catalogue, new Date(action.at), sweepMetadata).length) {
        await flush();
        await sweepUntil(action.at);
      }
      sweptUntil = endOfDay(action.at);
    }
    if (action.kind === 'submit') {
      sweep.submitted.add(`${action.key.form}|${action.key.unitCode}|${action.key.period}`);
      if (!sweep.firstPeriod.has(action.key.form)) sweep.firstPeriod.set(action.key.form, action.key.period);
    }
    const hour = Math.floor(action.at / HOUR);
    // One atomic append per simulated hour; a second action on a stream waits until the first is written.
    if (hour !== batchHour || inBatch.has(stream) || batch.length >= 500) {
      await flush();
      batchHour = hour;
    }
    try {
      // Decided at the simulated moment it happens (a period is reported only once it has ended).
      deps.setClock(action.at);
      const request = await prepare(deps, action, `demo:${options.seed}:${action.kind}:${stream}`);
      if (request) {
        batch.push({ at: action.at, request });
        inBatch.add(stream);
      } else result.alreadyPresent++;
    } catch (error) {
      result.refused.push({ action: `${action.kind} ${stream}`, message: (error as Error).message });
    }
    if (i % 2_000 === 0) options.onProgress?.(i, scenario.actions.length);
  }
  await flush();
  // Close the demo year's last periods as of the end of January after it (December's and Q4's deadlines have passed).
  await sweepUntil(
    DateTime.fromObject({ year: options.year + 1, month: 2, day: 1 }, { zone: STATISTICAL_ZONE }).toMillis(),
  );
  options.onProgress?.(scenario.actions.length, scenario.actions.length);
  result.elapsedMs = performance.now() - started;
  return result;
}

async function prepare(deps: DemoDeps, action: DemoAction, idempotencyKey: string): Promise<AppendRequest | undefined> {
  const ctx = { principal: action.actor, channel: 'api' as const, idempotencyKey, correlationId: idempotencyKey };
  if (action.kind === 'source') {
    const outcome = await deps.sources.prepare(action.key, action.source, action.values, ctx);
    return 'replay' in outcome ? undefined : outcome.prepared;
  }
  if (action.kind === 'target') {
    const key = `${idempotencyKey}:${action.reason ? 'revise' : 'set'}`;
    const outcome = await deps.targets.prepare(
      action.target,
      action.value,
      { ...ctx, idempotencyKey: key },
      action.reason,
    );
    return 'replay' in outcome || outcome.prepared.events.length === 0 ? undefined : outcome.prepared;
  }
  const outcome = await deps.reports.prepare(action.key, commandOf(action), ctx);
  return 'replay' in outcome ? undefined : outcome.prepared;
}

function commandOf(action: Exclude<DemoAction, { kind: 'source' | 'target' }>): ReportCommand {
  const byUnit = action.actor.unit as Extract<ReportCommand, { type: 'ApproveReport' }>['byUnit'];
  switch (action.kind) {
    case 'submit':
      return { type: 'SubmitReport', ...action.key, values: action.values };
    case 'return':
      return { type: 'ReturnReport', byUnit, comment: action.comment };
    case 'correct':
      return { type: 'CorrectReport', values: action.values, reason: action.reason };
    case 'approve':
      return { type: 'ApproveReport', byUnit };
  }
}
