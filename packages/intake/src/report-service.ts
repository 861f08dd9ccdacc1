import { hash } from 'node:crypto';
import {
  decideReport,
  evolveReport,
  initialReportState,
  parentOf,
  parseReportStreamName,
  reportEventSchema,
  reportStreamName,
  type FormCatalogue,
  type ReportCommand,
  type ReportKey,
  type ReportState,
  type UnitCode,
} from '@statledger/domain';
import { canonicalJson, type EventStore, type RecordedEvent } from '@statledger/event-store';
import { NotFoundError, RequestValidationError } from './errors.ts';
import { authorize, type Action, type Principal } from './principals.ts';
import type { UnitRegistry } from './unit-registry.ts';
import { isVisibleAuditFindingOf } from './audit-findings.ts';
import {
  executeCommand,
  prepareCommand,
  type CommandContext,
  type CommandResult,
  type PreparedCommand,
} from './command-handler.ts';

const ACTIONS: Record<ReportCommand['type'], Action> = {
  SubmitReport: 'submit',
  CorrectReport: 'correct',
  ReturnReport: 'return',
  ApproveReport: 'approve',
  ReopenReport: 'reopen',
};

export function createReportService(deps: {
  store: EventStore;
  catalogue: FormCatalogue;
  units: UnitRegistry;
  now?: () => Date;
}) {
  const { store, catalogue, units } = deps;
  const now = deps.now ?? (() => new Date());

  async function load(key: ReportKey): Promise<{ stream: string; history: RecordedEvent[]; state: ReportState }> {
    const stream = reportStreamName(key);
    const history = await store.readStream(stream);
    return { stream, history, state: reportStateOf(history) };
  }

  /**
   * Decides a command against the report's current events. Returns either the earlier result of the same
   * idempotent request or the events to append; appending is the caller's (alone or in a batch).
   */
  async function prepare(
    key: ReportKey,
    command: ReportCommand,
    ctx: CommandContext,
  ): Promise<{ replay: CommandResult } | { prepared: PreparedCommand }> {
    authorize(ctx.principal, ACTIONS[command.type], key.unitCode);
    const form = catalogue.get(key.form);
    if (!(await units.find(key.unitCode))) {
      throw new NotFoundError(
        `unit ${key.unitCode} is not in the unit registry; import it first (statledger units import FILE.csv)`,
      );
    }
    const stream = reportStreamName(key);
    const requestHash = ctx.idempotencyKey ? requestHashOf(key, command) : undefined;
    return prepareCommand(
      store,
      stream,
      ctx,
      async (history) => {
        if (command.type === 'CorrectReport' && command.findingRef)
          await assertFindingOf(stream, command.findingRef, ctx.principal);
        return decideReport(command, reportStateOf(history), { form, now: now() });
      },
      { ...(requestHash ? { requestHash } : {}), metadata: { formVersion: form.version } },
    );
  }

  /**
   * A correction that names a quality finding answers it; one that names an audit finding may close its follow-up, so the finding must be this report's and
   * one its author may see: a finding of an open covert plan is, to the audited, no finding at all.
   */
  async function assertFindingOf(stream: string, findingRef: string, principal: Principal) {
    // A quality finding of the report: the correction answers it, and the checks decide whether it did.
    const quality = await store.readStream(`quality-${stream}`);
    if (quality.some((e) => e.type === 'QualityFindingRaised' && e.data.findingId === findingRef)) return;
    const { found, visible } = await isVisibleAuditFindingOf(store, stream, findingRef, principal);
    if (!found || !visible) {
      throw new RequestValidationError([
        {
          path: ['findingRef'],
          message: `${findingRef} is neither a quality nor an audit finding on ${stream}; see its findings with statledger history ${stream}`,
        },
      ]);
    }
  }

  async function execute(key: ReportKey, command: ReportCommand, ctx: CommandContext): Promise<CommandResult> {
    // A report command always decides an event or refuses: never nothing.
    return (await executeCommand(store, await prepare(key, command, ctx)))!;
  }

  async function history(key: ReportKey, principal: Principal): Promise<RecordedEvent[]> {
    authorize(principal, 'read', key.unitCode);
    const events = await store.readStream(reportStreamName(key));
    if (events.length === 0) throw new NotFoundError(`no report ${reportStreamName(key)}`);
    return events;
  }

  /** Commands for a report name the acting unit as the parent when an approver or admin acts. */
  function actingUnit(principal: Principal, key: ReportKey): UnitCode {
    if (principal.role === 'admin' || principal.unit === 'national') return parentOf(key.unitCode) ?? key.unitCode;
    return principal.unit;
  }

  return { prepare, execute, history, load, actingUnit };
}

export type ReportService = ReturnType<typeof createReportService>;

const canonicalCommands = new WeakMap<ReportCommand, string>();

/** Canonical JSON of a command; RFC 8785 leaves out properties that are undefined, as JSON does. */
function canonicalCommand(command: ReportCommand): string {
  let text = canonicalCommands.get(command);
  if (text === undefined) canonicalCommands.set(command, (text = canonicalJson(command)));
  return text;
}

const sha256 = (text: string) => hash('sha256', text, 'hex');

/**
 * sha256 of the canonical `{key, command}`: what an idempotent retry must repeat. Composed from the command's
 * canonical text (keys in canonical order), so a command is canonicalised once for this and `contentHashOf`.
 */
export function requestHashOf(key: ReportKey, command: ReportCommand): string {
  return sha256(`{"command":${canonicalCommand(command)},"key":${canonicalJson(key)}}`);
}

/** sha256 of the canonical `{stream, command}`: a file import's idempotency key, so the content decides it. */
export function contentHashOf(key: ReportKey, command: ReportCommand): string {
  return sha256(`{"command":${canonicalCommand(command)},"stream":${JSON.stringify(reportStreamName(key))}}`);
}

export function reportStateOf(history: RecordedEvent[]): ReportState {
  return history.reduce(
    (s, e) => evolveReport(s, reportEventSchema.parse({ type: e.type, data: e.data })),
    initialReportState(),
  );
}

/** A report's present values; none before its first submission. */
export function reportValuesOf(history: RecordedEvent[]): Record<string, string> {
  const state = reportStateOf(history);
  return state.status === 'absent' ? {} : state.values;
}

export function reportKeyFromStream(stream: string): ReportKey {
  const key = parseReportStreamName(stream);
  if (!key)
    throw new NotFoundError(
      `'${stream}' is not a report id; report ids look like report-sanitation-110101001001-2025-03`,
    );
  return key;
}
