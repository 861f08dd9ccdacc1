import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  authorize,
  changesSinceApproval,
  approveReportRequestSchema,
  correctReportRequestSchema,
  reopenReportRequestSchema,
  reportKeyFromStream,
  reportStateOf,
  returnReportRequestSchema,
  submitReportRequestSchema,
  validate,
  type CommandContext,
} from '@statledger/intake';
import {
  periodSchema,
  reportStreamName,
  unitCodeSchema,
  type ReportCommand,
  type ReportKey,
  type UnitCode,
} from '@statledger/domain';
import { RevisionRequiredError } from '../error-mapping.ts';
import type { IntakeApiDeps } from '../deps.ts';
import { requestContext } from '../request-context.ts';
import { integrityLine, type ReportTimelineReader } from '@statledger/audit';
import { displayPosition } from '@statledger/event-store';
import { commandResultJson, recordedEventJson } from '../json.ts';
import { principalOf } from '../authentication.ts';

const idParams = z.object({ id: z.string().min(1) });
const listQuery = z.object({ form: z.string().min(1), period: periodSchema, under: unitCodeSchema });

export function registerReportRoutes(app: FastifyInstance, deps: IntakeApiDeps & { timeline: ReportTimelineReader }) {
  const { reports, timeline } = deps;
  const context = (request: FastifyRequest, expectedRevision?: number): CommandContext => ({
    ...requestContext(request),
    ...(expectedRevision === undefined ? {} : { expectedRevision: BigInt(expectedRevision) }),
  });
  const keyOf = (request: FastifyRequest): ReportKey => reportKeyFromStream(validate(idParams, request.params).id);

  app.post('/v1/reports', async (request, reply) => {
    const ctx = context(request);
    const body = validate(submitReportRequestSchema, request.body);
    const key = { form: body.form, unitCode: body.unitCode, period: body.period };
    const result = await reports.execute(
      key,
      { type: 'SubmitReport', ...key, values: body.values, ...(body.source ? { source: body.source } : {}) },
      ctx,
    );
    return reply.code(result.replayed ? 200 : 201).send(commandResultJson(result));
  });

  // A period's work list: each unit of the subtree that reports the form, and where its report stands.
  if (deps.worklist) {
    const worklist = deps.worklist;
    app.get('/v1/reports', async (request) => {
      const q = validate(listQuery, request.query);
      authorize(principalOf(request), 'read', q.under);
      deps.catalogue.get(q.form);
      const units = [q.under, ...descendantsOf(deps.units, q.under)];
      const list = await worklist({ form: q.form, period: q.period, under: q.under, units, now: new Date() });
      return { ...list, items: list.items.map((item) => ({ ...item, name: deps.units.get(item.unit)?.name ?? null })) };
    });
  }

  app.get('/v1/reports/:id/changes', async (request) => {
    const events = await reports.history(keyOf(request), principalOf(request));
    return { reportId: events[0]!.stream, revision: Number(events.at(-1)!.revision), ...changesSinceApproval(events) };
  });

  app.get('/v1/reports/:id', async (request) => {
    const key = keyOf(request);
    const events = await reports.history(key, principalOf(request));
    return { reportId: events[0]!.stream, ...reportStateOf(events), revision: Number(events.at(-1)!.revision) };
  });

  app.get('/v1/reports/:id/history', async (request) => {
    const { reportId, events, integrity } = await timeline(keyOf(request), principalOf(request));
    return {
      reportId,
      events: events.map((e) => ({ source: e.source, ...recordedEventJson(e) })),
      integrity: { ...integrity, statement: integrityLine(integrity, displayPosition) },
    };
  });

  const action = <S extends z.ZodType<{ expectedRevision?: number | undefined }>>(
    path: string,
    schema: S,
    toCommand: (body: z.output<S>, ctx: CommandContext, key: ReportKey) => ReportCommand,
  ) =>
    app.post(`/v1/reports/:id/${path}`, async (request) => {
      const key = keyOf(request);
      const body = validate(schema, request.body ?? {});
      // Two people must not overwrite each other unseen: a change names the revision its author saw.
      if (body.expectedRevision === undefined)
        throw new RevisionRequiredError(
          `send expectedRevision, the revision of ${reportStreamName(key)} you saw (GET /v1/reports/{id} gives it): a change without it could overwrite someone else's`,
        );
      const ctx = context(request, body.expectedRevision);
      return commandResultJson(await reports.execute(key, toCommand(body, ctx, key), ctx));
    });

  action('corrections', correctReportRequestSchema, (b) => ({
    type: 'CorrectReport',
    values: b.values,
    reason: b.reason,
    ...(b.findingRef ? { findingRef: b.findingRef } : {}),
  }));
  action('return', returnReportRequestSchema, (b, ctx, key) => ({
    type: 'ReturnReport',
    byUnit: reports.actingUnit(ctx.principal, key),
    comment: b.comment,
  }));
  action('approve', approveReportRequestSchema, (_b, ctx, key) => ({
    type: 'ApproveReport',
    byUnit: reports.actingUnit(ctx.principal, key),
  }));
  action('reopen', reopenReportRequestSchema, (b, ctx, key) => ({
    type: 'ReopenReport',
    byUnit: reports.actingUnit(ctx.principal, key),
    reason: b.reason,
  }));
}

/** Every registered unit under `unit`, depth first. */
function descendantsOf(units: IntakeApiDeps['units'], unit: UnitCode): UnitCode[] {
  return units.children(unit).flatMap((child) => [child.code, ...descendantsOf(units, child.code)]);
}
