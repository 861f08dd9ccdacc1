import { createHmac } from 'node:crypto';
import {
  asDomainEvent,
  auditEventSchema,
  auditStreamName,
  canSeePlan,
  decideAuditClose,
  decideAuditFinding,
  decideAuditPlan,
  evolveAuditPlan,
  initialAuditPlanState,
  parseReportStreamName,
  reportFindingsStreamName,
  reportedIndicators,
  shortForm,
  type AuditFindingRecorded,
  type AuditPlanned,
  type AuditPlanState,
  type FormCatalogue,
  type UnitCode,
} from '@statledger/domain';
import {
  canonicalJson,
  displayPosition,
  readAllPages,
  sequencePosition,
  uuidFromName,
  type EventStore,
  type JsonObject,
  type RecordedEvent,
} from '@statledger/event-store';
import {
  authorize,
  commandMetadata,
  executeCommand,
  prepareCommand,
  NotFoundError,
  reportValuesOf,
  RequestValidationError,
  type CommandContext,
  type Principal,
} from '@statledger/intake';
import { drawSample, populationDigest, type PopulationReport } from './design.ts';
import {
  auditRegister,
  type AuditPlanEntry,
  type CorrectionNamingFinding,
  type RecordedAuditEvent,
} from './register.ts';
import type { PlanAuditRequest, RecordFindingRequest } from './requests.ts';

/** Who acts, through which door, and the retry key: a report command's context without a revision to expect. */
export type AuditContext = Omit<CommandContext, 'expectedRevision'>;

/** Plans, findings and closings of spot checks (抽查), and who may see them. */
export function createAuditService(deps: { store: EventStore; catalogue: FormCatalogue; secret: Uint8Array }) {
  const { store, catalogue, secret } = deps;

  /** The submitted reports of a form and period in a subtree, with their values as of a log position. */
  async function population(
    form: string,
    period: string,
    subtree: UnitCode,
    upTo: string | undefined,
  ): Promise<PopulationReport[]> {
    const streams = new Map<string, RecordedEvent[]>();
    if (upTo === undefined) return [];
    pages: for await (const page of readAllPages(store, {
      filter: { streamPrefixes: [`report-${form}-${shortForm(subtree)}`] },
    })) {
      for (const e of page) {
        if (e.position > upTo) break pages;
        // The stream prefix holds the subtree's short code, so every stream read here lies within it.
        const key = parseReportStreamName(e.stream);
        if (!key || key.period !== period) continue;
        (streams.get(e.stream) ?? streams.set(e.stream, []).get(e.stream)!).push(e);
      }
    }
    return [...streams].map(([report, events]) => {
      return { report, unitCode: parseReportStreamName(report)!.unitCode, values: reportValuesOf(events) };
    });
  }

  async function loadPlan(planId: string): Promise<{ state: AuditPlanState; events: RecordedEvent[] }> {
    const events = await store.readStream(auditStreamName(planId));
    const state = events.reduce(
      (s, e) => evolveAuditPlan(s, auditEventSchema.parse({ type: e.type, data: e.data })),
      initialAuditPlanState(),
    );
    return { state, events };
  }

  /** Throws the 404 of a plan that does not exist unless the principal may see this one: routes ask first. */
  async function assertVisible(planId: string, principal: Principal): Promise<void> {
    await visiblePlan(planId, principal);
  }

  async function visiblePlan(planId: string, principal: Principal) {
    const loaded = await loadPlan(planId);
    if (!loaded.state.plan || !canSeePlan(principal, loaded.state.plan, loaded.state.closed)) throw noPlan(planId);
    return { ...loaded, plan: loaded.state.plan };
  }

  const metadataOf = (ctx: AuditContext) => commandMetadata(ctx);

  async function plan(
    request: PlanAuditRequest,
    ctx: AuditContext,
  ): Promise<{
    planId: string;
    created: boolean;
    plan: AuditPlanned['data'];
    populationChanged?: boolean;
    note?: string;
  }> {
    authorize(ctx.principal, 'audit', request.subtree);
    const form = catalogue.get(request.form);
    const indicators = reportedIndicators(form).map((i) => i.code);
    const named =
      request.design.type === 'pps'
        ? ['sizeIndicator', request.design.sizeIndicator]
        : request.design.type === 'stratified' && request.design.varianceIndicator
          ? ['varianceIndicator', request.design.varianceIndicator]
          : undefined;
    if (named && !indicators.includes(named[1]!))
      throw new RequestValidationError([
        {
          path: ['design', named[0]!],
          message: `${named[1]} is not an indicator of form ${form.code} (${indicators.join(', ')})`,
        },
      ]);
    const sizeSpec = request.size ?? { n: 19 };
    const planId = planIdOf(request, secret);
    const existing = await loadPlan(planId);
    const head = await store.headPosition();
    if (existing.state.plan)
      return { planId, created: false, plan: existing.state.plan, ...(await changedSince(existing.state.plan, head)) };
    const asOf = request.asOfPosition === undefined ? head : sequencePosition(BigInt(request.asOfPosition));
    if (head === undefined || asOf! > head) {
      throw new RequestValidationError([
        {
          path: ['asOfPosition'],
          message: `the log ends at position ${head === undefined ? 'none (it is empty)' : displayPosition(head)}; a plan is drawn from the log as it stands or stood`,
        },
      ]);
    }
    const reports = await population(request.form, request.period, request.subtree, asOf);
    if (reports.length === 0)
      throw new NotFoundError(
        `no ${request.form} report for ${request.period} has been submitted in ${request.subtree}; nothing to sample`,
      );
    const drawn = drawSample(reports, request.design, sizeSpec, request.seed);
    const planned: AuditPlanned['data'] = {
      planId,
      form: request.form,
      period: request.period,
      subtree: request.subtree,
      method: request.method,
      design: request.design,
      sizeSpec,
      seed: request.seed,
      population: { count: reports.length, digest: populationDigest(reports), asOfPosition: asOf! },
      calculation: drawn.calculation,
      sample: drawn.sample,
    };
    const events = decideAuditPlan(existing.state, planned);
    await store.appendToStream(
      auditStreamName(planId),
      events.map((e) => ({
        id: uuidFromName(`audit-plan:${planId}`),
        type: e.type,
        data: toJson(e.data),
        metadata: metadataOf(ctx),
      })),
      { expectedRevision: 'no_stream' },
    );
    return { planId, created: true, plan: planned };
  }

  /**
   * Planning the same request again returns the recorded plan, drawn from the log as it stood then; where the
   * population has changed since (reports submitted or corrected), the answer says so, and names the way to a
   * plan drawn from the log as it stands now (another seed, or `asOfPosition`).
   */
  async function changedSince(recorded: AuditPlanned['data'], head: string | undefined) {
    const now = await population(recorded.form, recorded.period, recorded.subtree, head);
    if (populationDigest(now) === recorded.population.digest) return { populationChanged: false };
    return {
      populationChanged: true,
      note: `this plan was drawn from the log up to position ${displayPosition(recorded.population.asOfPosition)} (${recorded.population.count} reports); the population has changed since (${now.length} reports now, some submitted or corrected later). The same request always names this plan: to draw from the log as it stands, give asOfPosition ${displayPosition(head!)} or another seed`,
    };
  }

  /** Rebuilds the population as the log stood when the plan was drawn, draws again with the recorded seed and version, and compares. */
  async function replay(planId: string, principal: Principal) {
    const { plan: recorded } = await visiblePlan(planId, principal);
    const reports = await population(
      recorded.form,
      recorded.period,
      recorded.subtree,
      recorded.population.asOfPosition,
    );
    const version =
      typeof recorded.calculation.selectionVersion === 'number' ? recorded.calculation.selectionVersion : 1;
    const redrawn = drawSample(reports, recorded.design, recorded.sizeSpec, recorded.seed, version);
    const digest = populationDigest(reports);
    const recordedIds = recorded.sample.map((s) => s.report);
    const redrawnIds = redrawn.sample.map((s) => s.report);
    return {
      planId,
      seed: recorded.seed,
      selectionVersion: version,
      populationMatches: digest === recorded.population.digest && reports.length === recorded.population.count,
      sampleSize: recordedIds.length,
      identical: canonicalJson(toJson(redrawn.sample)) === canonicalJson(toJson(recorded.sample)),
      onlyRecorded: recordedIds.filter((id) => !redrawnIds.includes(id)),
      onlyRedrawn: redrawnIds.filter((id) => !recordedIds.includes(id)),
    };
  }

  async function recordFinding(planId: string, request: RecordFindingRequest, ctx: AuditContext) {
    // Whether the plan exists is answered first, and alike for a plan that does not and one the caller may not see.
    const { state } = await visiblePlan(planId, ctx.principal);
    const key = parseReportStreamName(request.report);
    if (!key)
      throw new RequestValidationError([
        {
          path: ['report'],
          message: `'${request.report}' is not a report id such as report-sanitation-110101001001-2025-03`,
        },
      ]);
    authorize(ctx.principal, 'audit', key.unitCode);
    const reportEvents = await store.readStream(request.report);
    if (reportEvents.length === 0) throw new NotFoundError(`no report ${request.report}`);
    const findingsStream = reportFindingsStreamName(request.report);
    const outcome = await prepareCommand(store, findingsStream, ctx, (earlier) =>
      decideAuditFinding(
        state,
        earlier.map((e) => auditEventSchema.parse({ type: e.type, data: e.data }) as AuditFindingRecorded),
        {
          report: request.report,
          reportRevision: Number(reportEvents.at(-1)!.revision),
          reportedValues: reportValuesOf(reportEvents),
          recounted: request.recounted,
          inspector: request.inspector,
          inspectedAt: request.inspectedAt,
          evidence: request.evidence,
          note: request.note,
        },
      ),
    );
    if ('replay' in outcome) {
      const first = outcome.replay.events[0]!.id;
      const retried = (await store.readStream(findingsStream)).find((e) => e.id === first)!;
      return { findingId: String(retried.data.findingId), appended: false };
    }
    await executeCommand(store, outcome);
    return { findingId: String(outcome.prepared.events[0]!.data.findingId), appended: true };
  }

  async function close(planId: string, summary: string, ctx: AuditContext) {
    const { state, events } = await visiblePlan(planId, ctx.principal);
    authorize(ctx.principal, 'audit', state.plan!.subtree);
    const decided = decideAuditClose(state, summary);
    if (decided.length > 0) {
      await store.appendToStream(
        auditStreamName(planId),
        decided.map((e) => ({
          id: uuidFromName(`audit-close:${planId}`),
          type: e.type,
          data: toJson(e.data),
          metadata: metadataOf(ctx),
        })),
        { expectedRevision: events.at(-1)!.revision },
      );
    }
    return { planId, closed: true, appended: decided.length > 0 };
  }

  /** The audit register as the principal may see it: every plan with its sample, progress and VF results. */
  async function register(principal: Principal, only?: string): Promise<AuditPlanEntry[]> {
    const events: RecordedAuditEvent[] = [];
    for await (const page of readAllPages(store, {
      filter: { streamPrefixes: only ? [auditStreamName(only), 'auditfinding-'] : ['audit-', 'auditfinding-'] },
    })) {
      for (const recorded of page) {
        const e = asDomainEvent(recorded);
        if (e?.type !== 'AuditPlanned' && e?.type !== 'AuditFindingRecorded' && e?.type !== 'AuditClosed') continue;
        if (!only || e.data.planId === only) events.push({ ...e, principal: String(e.metadata.principal) });
      }
    }
    const corrections = await correctionsNamingFindings(events);
    const entries = auditRegister(events, corrections);
    return entries.filter((entry) => canSeePlan(principal, entry.plan, entry.status === 'closed'));
  }

  /** Per finding id, the corrections of its report that named it: who, when, and which values they changed. */
  async function correctionsNamingFindings(
    events: RecordedAuditEvent[],
  ): Promise<Map<string, CorrectionNamingFinding[]>> {
    const naming = new Map<string, CorrectionNamingFinding[]>();
    const reports = new Set(events.flatMap((e) => (e.type === 'AuditFindingRecorded' ? [e.data.report] : [])));
    for (const report of reports) {
      let values: Record<string, string> = {};
      for (const e of (await store.readStream(report)).map(asDomainEvent)) {
        if (e?.type !== 'ReportSubmitted' && e?.type !== 'ReportCorrected') continue;
        const next = e.data.values;
        if (e.type === 'ReportCorrected' && e.data.findingRef !== undefined) {
          const changes = [...new Set([...Object.keys(values), ...Object.keys(next)])]
            .filter((indicator) => values[indicator] !== next[indicator])
            .sort()
            .map((indicator) => ({ indicator, from: values[indicator] ?? null, to: next[indicator] ?? null }));
          const entry = { by: String(e.metadata.principal), at: e.recordedAt, position: e.position, changes };
          (naming.get(e.data.findingRef) ?? naming.set(e.data.findingRef, []).get(e.data.findingRef)!).push(entry);
        }
        values = next;
      }
    }
    return naming;
  }

  async function show(planId: string, principal: Principal): Promise<AuditPlanEntry> {
    await visiblePlan(planId, principal);
    return (await register(principal, planId))[0]!;
  }

  /** A report's audit findings that the principal may see (those of open covert plans are hidden from the audited). */
  async function findingsOf(report: string, principal: Principal): Promise<RecordedEvent[]> {
    const events = await store.readStream(reportFindingsStreamName(report));
    const plans = new Map<string, AuditPlanState>();
    const visible: RecordedEvent[] = [];
    for (const e of events) {
      const planId = String(e.data.planId);
      const state = plans.get(planId) ?? plans.set(planId, (await loadPlan(planId)).state).get(planId)!;
      if (state.plan && canSeePlan(principal, state.plan, state.closed)) visible.push(e);
    }
    return visible;
  }

  return { plan, replay, recordFinding, close, register, show, findingsOf, population, assertVisible };
}

export type AuditService = ReturnType<typeof createAuditService>;

/**
 * The same request names the same plan, so a retried plan appends nothing; another seed is another plan. The
 * id is keyed with the server secret: nobody without it can derive a plan's id from its parameters, and a
 * covert plan's id tells nothing about what it audits.
 */
export function planIdOf(request: PlanAuditRequest, secret: Uint8Array): string {
  const mac = createHmac('sha256', secret)
    .update(`audit-plan:${canonicalJson(toJson(request))}`)
    .digest('hex');
  return request.method === 'covert'
    ? `plan-${mac.slice(0, 24)}`
    : `${request.form}-${request.period}-${shortForm(request.subtree)}-${mac.slice(0, 12)}`;
}

/** The same answer for a plan that does not exist and one the principal may not see. */
function noPlan(planId: string): NotFoundError {
  return new NotFoundError(`no audit plan ${planId}; list the plans you may see with statledger audit show`);
}

function toJson(value: unknown): JsonObject {
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}
