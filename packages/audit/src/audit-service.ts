import { createHash, randomUUID } from 'node:crypto';
import {
  auditEventSchema,
  auditStreamName,
  decideAuditClose,
  decideAuditFinding,
  decideAuditPlan,
  evolveAuditPlan,
  initialAuditPlanState,
  isWithinSubtree,
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
import { canonicalJson, displayPosition, readAllPages, sequencePosition, uuidFromName, type EventStore, type JsonObject, type RecordedEvent } from '@statledger/event-store';
import { authorize, NotFoundError, reportValuesOf, RequestValidationError, type CommandContext, type Principal } from '@statledger/intake';
import { drawSample, populationDigest, type PopulationReport } from './design.ts';
import { auditRegister, type AuditPlanEntry, type RecordedAuditEvent } from './register.ts';
import type { PlanAuditRequest, RecordFindingRequest } from './requests.ts';

/** Who acts, through which door, and the retry key: a report command's context without a revision to expect. */
export type AuditContext = Omit<CommandContext, 'expectedRevision'>;

/** Plans, findings and closings of spot checks (抽查), and who may see them. */
export function createAuditService(deps: { store: EventStore; catalogue: FormCatalogue }) {
  const { store, catalogue } = deps;

  /** The submitted reports of a form and period in a subtree, with their values as of a log position. */
  async function population(form: string, period: string, subtree: UnitCode, upTo: string | undefined): Promise<PopulationReport[]> {
    const streams = new Map<string, RecordedEvent[]>();
    if (upTo === undefined) return [];
    pages: for await (const page of readAllPages(store, { filter: { streamPrefixes: [`report-${form}-${shortForm(subtree)}`] } })) {
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
    const state = events.reduce((s, e) => evolveAuditPlan(s, auditEventSchema.parse({ type: e.type, data: e.data })), initialAuditPlanState());
    return { state, events };
  }

  /** Reporters and approvers of the audited units do not see a covert plan (暗查) until it is closed; to them it does not exist. */
  function canSee(principal: Principal, plan: AuditPlanned['data'], closed: boolean): boolean {
    const overlaps = principal.unit === 'national' || isWithinSubtree(plan.subtree, principal.unit) || isWithinSubtree(principal.unit, plan.subtree);
    if (!overlaps) return false;
    if (principal.role === 'reporter' || principal.role === 'approver') return plan.method !== 'covert' || closed;
    return true;
  }

  async function visiblePlan(planId: string, principal: Principal) {
    const loaded = await loadPlan(planId);
    if (!loaded.state.plan || !canSee(principal, loaded.state.plan, loaded.state.closed)) throw noPlan(planId);
    return { ...loaded, plan: loaded.state.plan };
  }

  const metadataOf = (ctx: AuditContext, extra: JsonObject = {}): JsonObject => ({ principal: ctx.principal.id, channel: ctx.channel, correlationId: ctx.correlationId ?? randomUUID(), ...extra });

  async function plan(request: PlanAuditRequest, ctx: AuditContext): Promise<{ planId: string; created: boolean; plan: AuditPlanned['data']; populationChanged?: boolean; note?: string }> {
    authorize(ctx.principal, 'audit', request.subtree);
    const form = catalogue.get(request.form);
    const indicators = reportedIndicators(form).map((i) => i.code);
    const named = request.design.type === 'pps' ? ['sizeIndicator', request.design.sizeIndicator] : request.design.type === 'stratified' && request.design.varianceIndicator ? ['varianceIndicator', request.design.varianceIndicator] : undefined;
    if (named && !indicators.includes(named[1]!)) throw new RequestValidationError([{ path: ['design', named[0]!], message: `${named[1]} is not an indicator of form ${form.code} (${indicators.join(', ')})` }]);
    const sizeSpec = request.size ?? { n: 19 };
    const planId = planIdOf(request);
    const existing = await loadPlan(planId);
    const head = await store.headPosition();
    if (existing.state.plan) return { planId, created: false, plan: existing.state.plan, ...(await changedSince(existing.state.plan, head)) };
    const asOf = request.asOfPosition === undefined ? head : sequencePosition(BigInt(request.asOfPosition));
    if (head === undefined || asOf! > head) {
      throw new RequestValidationError([{ path: ['asOfPosition'], message: `the log ends at position ${head === undefined ? 'none (it is empty)' : displayPosition(head)}; a plan is drawn from the log as it stands or stood` }]);
    }
    const reports = await population(request.form, request.period, request.subtree, asOf);
    if (reports.length === 0) throw new NotFoundError(`no ${request.form} report for ${request.period} has been submitted in ${request.subtree}; nothing to sample`);
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
    await store.appendToStream(auditStreamName(planId), events.map((e) => ({ id: uuidFromName(`audit-plan:${planId}`), type: e.type, data: toJson(e.data), metadata: metadataOf(ctx) })), { expectedRevision: 'no_stream' });
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
    const reports = await population(recorded.form, recorded.period, recorded.subtree, recorded.population.asOfPosition);
    const version = typeof recorded.calculation.selectionVersion === 'number' ? recorded.calculation.selectionVersion : 1;
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
    const { state } = await loadPlan(planId);
    const key = parseReportStreamName(request.report);
    if (!key) throw new RequestValidationError([{ path: ['report'], message: `'${request.report}' is not a report id such as report-sanitation-110101001001-2025-03` }]);
    authorize(ctx.principal, 'audit', key.unitCode);
    if (!state.plan) throw noPlan(planId);
    const reportEvents = await store.readStream(request.report);
    if (reportEvents.length === 0) throw new NotFoundError(`no report ${request.report}`);
    const findingsStream = reportFindingsStreamName(request.report);
    const earlier = await store.readStream(findingsStream);
    const id = ctx.idempotencyKey ? uuidFromName(`idempotency:${ctx.principal.id}:${ctx.idempotencyKey}:0`) : randomUUID();
    const retried = earlier.find((e) => e.id === id);
    if (retried) return { findingId: (retried.data as { findingId: string }).findingId, appended: false };
    const decided = decideAuditFinding(state, earlier.map((e) => auditEventSchema.parse({ type: e.type, data: e.data }) as AuditFindingRecorded), {
      report: request.report,
      reportRevision: Number(reportEvents.at(-1)!.revision),
      reportedValues: reportValuesOf(reportEvents),
      recounted: request.recounted,
      inspector: request.inspector,
      inspectedAt: request.inspectedAt,
      evidence: request.evidence,
      note: request.note,
    });
    await store.appendToStream(findingsStream, decided.map((e) => ({ id, type: e.type, data: toJson(e.data), metadata: metadataOf(ctx, ctx.idempotencyKey ? { idempotencyKey: ctx.idempotencyKey } : {}) })), { expectedRevision: earlier.at(-1)?.revision ?? 'no_stream' });
    return { findingId: decided[0]!.data.findingId, appended: true };
  }

  async function close(planId: string, summary: string, ctx: AuditContext) {
    const { state, events } = await loadPlan(planId);
    if (!state.plan) throw noPlan(planId);
    authorize(ctx.principal, 'audit', state.plan.subtree);
    const decided = decideAuditClose(state, summary);
    if (decided.length > 0) {
      await store.appendToStream(auditStreamName(planId), decided.map((e) => ({ id: uuidFromName(`audit-close:${planId}`), type: e.type, data: toJson(e.data), metadata: metadataOf(ctx) })), { expectedRevision: events.at(-1)!.revision });
    }
    return { planId, closed: true, appended: decided.length > 0 };
  }

  /** The audit register as the principal may see it: every plan with its sample, progress and VF results. */
  async function register(principal: Principal, only?: string): Promise<AuditPlanEntry[]> {
    const events: RecordedAuditEvent[] = [];
    for await (const page of readAllPages(store, { filter: { streamPrefixes: only ? [auditStreamName(only), 'auditfinding-'] : ['audit-', 'auditfinding-'] } })) {
      for (const e of page) if (!only || (e.data as { planId?: string }).planId === only) events.push({ type: e.type, data: e.data, position: e.position, recordedAt: e.recordedAt, principal: String(e.metadata.principal) });
    }
    const findingRefs = await correctionsReferencingFindings(events);
    const entries = auditRegister(events, findingRefs);
    return entries.filter((entry) => canSee(principal, entry.plan, entry.status === 'closed'));
  }

  /** Finding ids that a correction of the audited report names: those follow-ups are closed. */
  async function correctionsReferencingFindings(events: RecordedAuditEvent[]): Promise<Set<string>> {
    const refs = new Set<string>();
    const reports = new Set(events.filter((e) => e.type === 'AuditFindingRecorded').map((e) => (e.data as { report: string }).report));
    for (const report of reports) {
      for (const e of await store.readStream(report)) if (e.type === 'ReportCorrected' && typeof e.data.findingRef === 'string') refs.add(e.data.findingRef);
    }
    return refs;
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
      if (state.plan && canSee(principal, state.plan, state.closed)) visible.push(e);
    }
    return visible;
  }

  return { plan, replay, recordFinding, close, register, show, findingsOf, population };
}

export type AuditService = ReturnType<typeof createAuditService>;

/** The same request names the same plan, so a retried plan appends nothing; another seed is another plan. */
export function planIdOf(request: PlanAuditRequest): string {
  const digest = createHash('sha256').update(canonicalJson(toJson(request))).digest('hex').slice(0, 8);
  return `${request.form}-${request.period}-${shortForm(request.subtree)}-${digest}`;
}

/** The same answer for a plan that does not exist and one the principal may not see. */
function noPlan(planId: string): NotFoundError {
  return new NotFoundError(`no audit plan ${planId}; list the plans you may see with statledger audit show`);
}

function toJson(value: unknown): JsonObject {
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}
