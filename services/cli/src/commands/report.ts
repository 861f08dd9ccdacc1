import type { Command } from 'commander';
import { reportStreamName, type ReportCommand, type ReportKey } from '@statledger/domain';
import {
  correctReportRequestSchema,
  reportKeyFromStream,
  reopenReportRequestSchema,
  returnReportRequestSchema,
  validate,
  type CommandContext,
  type Principal,
  type ReportService,
} from '@statledger/intake';
import { cliPrincipal } from '../cli-principal.ts';
import { say } from '../output.ts';
import { withRuntime } from '../runtime.ts';

interface ActionOptions {
  store?: string;
  as?: string;
  expectedRevision?: string;
}

/** `INDICATOR=VALUE` pairs of --set, collected. */
const collect = (pair: string, all: Record<string, string>) => {
  const at = pair.indexOf('=');
  if (at < 1) throw new Error(`--set takes INDICATOR=VALUE, such as SAN_WASTE_COLLECTED=152.2, not '${pair}'`);
  return { ...all, [pair.slice(0, at).trim()]: pair.slice(at + 1).trim() };
};

/**
 * Runs one command on one report as a principal, at the revision the user saw (--expected-revision) or, without
 * it, at the current one; prints the new revision.
 */
async function act(
  id: string,
  options: ActionOptions,
  command: (ctx: { principal: Principal; key: ReportKey; reports: ReportService }) => ReportCommand,
) {
  const key = reportKeyFromStream(id);
  return await withRuntime({ store: options.store }, async (runtime) => {
    const principal = cliPrincipal(options.as);
    if (options.expectedRevision !== undefined && !/^\d+$/.test(options.expectedRevision))
      throw new Error(`--expected-revision takes a whole number, not '${options.expectedRevision}'`);
    const revision = options.expectedRevision === undefined ? undefined : BigInt(options.expectedRevision);
    const ctx: CommandContext = {
      principal,
      channel: 'cli',
      ...(revision === undefined ? {} : { expectedRevision: revision }),
    };
    const result = await runtime.reports.execute(key, command({ principal, key, reports: runtime.reports }), ctx);
    say(`${reportStreamName(key)}: ${result.events.map((e) => e.type).join(', ')} at revision ${result.revision}`);
  });
}

export function registerReport(program: Command): void {
  const report = program
    .command('report')
    .description("act on a submitted report: correct it, or (the parent unit's approver) return, approve or reopen it");
  const common = (c: Command) =>
    c
      .option(
        '--expected-revision <n>',
        'the revision you saw (statledger history); a report changed since is refused, not overwritten',
      )
      .option('--store <url>', 'event store')
      .option('--as <principal>', 'act as this principal of the principals file');

  common(
    report
      .command('correct <reportId>')
      .description(
        'correct some values (the others are kept), with a reason; --finding names the audit finding it answers',
      )
      .option('--set <INDICATOR=VALUE>', 'a corrected value (repeatable)', collect, {} as Record<string, string>)
      .requiredOption('--reason <text>', 'why, e.g. 按台账更正')
      .option('--finding <findingId>', 'the audit finding this correction answers'),
  ).action(async (id: string, o: ActionOptions & { set: Record<string, string>; reason: string; finding?: string }) => {
    const body = validate(correctReportRequestSchema, {
      values: o.set,
      reason: o.reason,
      ...(o.finding ? { findingRef: o.finding } : {}),
    });
    await act(id, o, () => ({
      type: 'CorrectReport',
      values: body.values,
      reason: body.reason,
      ...(body.findingRef ? { findingRef: body.findingRef } : {}),
    }));
  });

  common(
    report
      .command('return <reportId>')
      .description('send it back to the reporting unit with what to fix')
      .requiredOption('--comment <text>', 'what to fix'),
  ).action(async (id: string, o: ActionOptions & { comment: string }) => {
    const { comment } = validate(returnReportRequestSchema, { comment: o.comment });
    await act(id, o, ({ principal, key, reports }) => ({
      type: 'ReturnReport',
      byUnit: reports.actingUnit(principal, key),
      comment,
    }));
  });

  common(report.command('approve <reportId>').description('approve it as its parent unit')).action(
    async (id: string, o: ActionOptions) => {
      await act(id, o, ({ principal, key, reports }) => ({
        type: 'ApproveReport',
        byUnit: reports.actingUnit(principal, key),
      }));
    },
  );

  common(
    report
      .command('reopen <reportId>')
      .description('reopen an approved report for correction')
      .requiredOption('--reason <text>', 'why'),
  ).action(async (id: string, o: ActionOptions & { reason: string }) => {
    const { reason } = validate(reopenReportRequestSchema, { reason: o.reason });
    await act(id, o, ({ principal, key, reports }) => ({
      type: 'ReopenReport',
      byUnit: reports.actingUnit(principal, key),
      reason,
    }));
  });
}
