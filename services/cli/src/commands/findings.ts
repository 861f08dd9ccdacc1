import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { formatPeriod, instantFromText, parsePeriod, parseUnitCode, type UnitCode } from '@statledger/domain';
import { sequencePosition } from '@statledger/event-store';
import { csvStream } from '@statledger/feeds';
import {
  escalateOverdue,
  qualityTrend,
  type FollowUpCommand,
  type FollowUpStatus,
  type QueueItem,
} from '@statledger/followup';
import { authorize, authorizeAction, loadPrincipalDirectory } from '@statledger/intake';
import { principalsPath, type Runtime } from '@statledger/pipeline';
import { cliPrincipal } from '../cli-principal.ts';
import { say } from '../output.ts';
import { withRuntime } from '../runtime.ts';

interface Common {
  store?: string;
  as?: string;
}

/** The runtime with the principals file, when there is one, for assignments. */
function withFollowUp<T>(o: Common, body: (runtime: Runtime) => Promise<T>): Promise<T> {
  const path = principalsPath();
  const directory = existsSync(path) ? loadPrincipalDirectory(path) : undefined;
  return withRuntime(
    { store: o.store, ...(directory ? { principalById: (id: string) => directory.byId(id) } : {}) },
    body,
  );
}

/** The options of the steps, each step reading its own. */
interface StepOptions {
  text?: string;
  evidence?: string[];
  structural?: boolean;
  note?: string;
  reason?: string;
  recount?: string;
  to?: string;
}

const common = (command: Command) =>
  command
    .option('--as <principal>', 'act as this principal of the principals file')
    .option('--store <url>', 'event store');
const percent = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(x >= 0.1 ? 1 : 3)} %`);

function printQueue(items: QueueItem[], total: number, next: string | null): void {
  for (const i of items) {
    const due = i.dueAt ? `${i.overdue ? 'OVERDUE ' : 'due '}${i.dueAt.slice(0, 10)}` : '';
    say(
      `${i.severity.padEnd(7)} ${percent(i.impact).padStart(9)}  ${(i.unitName ?? i.unit).padEnd(12)} ${i.period.padEnd(7)} ${i.code.padEnd(22)} ${(i.indicator ?? '').padEnd(18)} ${i.status.padEnd(9)} ${due}`,
    );
    say(
      `        ${i.findingId}${i.assignee ? ` · assigned to ${i.assignee}` : ''}${i.escalatedTo ? ` · escalated to ${i.escalatedTo}` : ''}`,
    );
  }
  say(`${items.length} of ${total}${next ? ` · next page: --cursor ${next}` : ''}`);
}

async function evidenceOf(files: string[] | undefined) {
  return (files ?? []).map((file) => ({
    sha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
    description: basename(file),
  }));
}

export function registerFindings(program: Command): void {
  const findings = program
    .command('findings')
    .description('quality findings as work: queues, explanations, reviews, assignments, escalations');

  common(findings.command('list').description('a queue: severity first, then impact on the parent’s figure'))
    .option('--under <code>', 'findings of units in this subtree (default: the principal’s)')
    .option('--period <period>', 'e.g. 2025-03')
    .option('--form <code>', 'sanitation, patent or rnd')
    .option('--code <code>', 'e.g. OUTLIER_OWN_HISTORY')
    .option('--severity <level>', 'error, warning or info')
    .option(
      '--state <states>',
      'comma-separated: open, explained, accepted, resolved, superseded; or all (default: open,explained)',
    )
    .option('--overdue', 'only findings past their due date')
    .option('--mine', 'only the work waiting on the principal (--as)')
    .option('--limit <n>', 'findings per page', '50')
    .option('--cursor <text>', 'the next page, as the previous one printed it')
    .option('--csv', 'every matching finding as CSV')
    .option('--json', 'print JSON')
    .action(
      (
        o: Common & {
          under?: string;
          period?: string;
          form?: string;
          code?: string;
          severity?: 'error' | 'warning' | 'info';
          state?: string;
          overdue?: boolean;
          mine?: boolean;
          limit: string;
          cursor?: string;
          csv?: boolean;
          json?: boolean;
        },
      ) =>
        withFollowUp(o, async (runtime) => {
          const principal = cliPrincipal(o.as);
          const under = o.under ? parseUnitCode(o.under) : principal.unit;
          if (under === 'national') authorizeAction(principal, 'read');
          else authorize(principal, 'read', under);
          const states =
            o.state === 'all' ? ['open', 'explained', 'accepted', 'resolved', 'superseded'] : o.state?.split(',');
          const filter = {
            under,
            period: o.period ? formatPeriod(parsePeriod(o.period)) : undefined,
            form: o.form,
            code: o.code,
            severity: o.severity,
            states: states as FollowUpStatus[] | undefined,
            overdue: o.overdue,
            mine: o.mine ? { id: principal.id, role: principal.role, unit: principal.unit } : undefined,
          };
          const limit = o.csv ? Number.MAX_SAFE_INTEGER : Number(o.limit);
          const page = await runtime.findings.queue(filter, { limit, cursor: o.cursor, now: new Date() });
          if (o.csv)
            return void (await new Promise((done, fail) =>
              csvStream(page.items).pipe(process.stdout).on('finish', done).on('error', fail),
            ));
          if (o.json) return say(JSON.stringify(page, null, 2));
          printQueue(page.items, page.total, page.next);
        }),
    );

  common(
    findings
      .command('show')
      .description('one finding: what the check found, where its work stands, every step')
      .argument('<id>'),
  ).action((id: string, o: Common) =>
    withFollowUp(o, async (runtime) => {
      const { f } = await runtime.followUp.findingOf(id, cliPrincipal(o.as));
      say(
        `${f.findingId} · ${f.severity} ${f.code}${f.indicator ? ` ${f.indicator}` : ''} · ${f.unit} ${f.form} ${f.period} · ${f.status}`,
      );
      say(`  ${f.message}`);
      if (f.explanation) say(`  explained by ${f.explanation.by} on ${f.explanation.at}: ${f.explanation.text}`);
      for (const s of f.steps) say(`  ${s.at}  ${s.type.padEnd(27)} ${s.by.padEnd(20)} ${JSON.stringify(s.detail)}`);
    }),
  );

  // Options marked required (commander refuses the command without them) are read with `!`.
  const act = (
    name: string,
    description: string,
    configure: (c: Command) => Command,
    toCommand: (o: StepOptions) => Promise<FollowUpCommand> | FollowUpCommand,
  ) =>
    configure(common(findings.command(name).description(description).argument('<id>')))
      .option('--idempotency-key <key>', 'the same key again appends nothing')
      .action((id: string, o: Common & StepOptions & { idempotencyKey?: string }) =>
        withFollowUp(o, async (runtime) => {
          const result = await runtime.followUp.execute(id, await toCommand(o), {
            principal: cliPrincipal(o.as),
            channel: 'cli',
            ...(o.idempotencyKey ? { idempotencyKey: o.idempotencyKey } : {}),
          });
          say(
            `${result.replayed ? 'already recorded' : 'recorded'}: ${result.events.map((e) => e.type).join(', ')} on ${result.stream} (revision ${result.revision})${result.report ? `; ${result.report.stream}: ${result.report.events.join(', ')}` : ''}`,
          );
        }),
      );

  act(
    'explain',
    'the reporting unit says the value is true, and why',
    (c) =>
      c
        .requiredOption('--text <explanation>', 'why the value is true')
        .option('--evidence <file...>', 'documents; their SHA-256 is recorded'),
    async (o) => ({ type: 'Explain', explanation: o.text!, evidence: await evidenceOf(o.evidence) }),
  );
  act(
    'accept',
    'accept the explanation: the value is confirmed and not flagged again',
    (c) =>
      c
        .option('--structural', 'a structural difference: later periods near this value are not flagged either')
        .option('--note <text>'),
    (o) => ({ type: 'Accept', scope: o.structural ? 'structural' : 'value', ...(o.note ? { note: o.note } : {}) }),
  );
  act(
    'reject',
    'reject the explanation: the report goes back to its unit',
    (c) =>
      c
        .requiredOption('--reason <text>')
        .option('--recount <auditFindingId>', 'the spot-check finding whose recount disproved it'),
    (o) => ({ type: 'Reject', reason: o.reason!, ...(o.recount ? { auditFindingRef: o.recount } : {}) }),
  );
  act(
    'assign',
    'give the finding to a principal',
    (c) => c.requiredOption('--to <principal>').option('--note <text>'),
    (o) => ({ type: 'Assign', assignee: o.to!, ...(o.note ? { note: o.note } : {}) }),
  );
  act(
    'escalate',
    'pass the finding up to the parent unit',
    (c) => c.requiredOption('--reason <text>'),
    (o) => ({ type: 'Escalate', reason: o.reason! }),
  );
  act(
    'reopen',
    'make an accepted or resolved finding work again',
    (c) => c.requiredOption('--reason <text>'),
    (o) => ({ type: 'Reopen', reason: o.reason! }),
  );

  common(
    findings.command('sweep').description('escalate every finding past its due date to its parent unit (once each)'),
  )
    .option('--now <instant>', 'the clock to judge by (default: now)')
    .action((o: Common & { now?: string }) =>
      withFollowUp(o, async (runtime) => {
        const now = o.now ? new Date(instantFromText(o.now) ?? o.now) : new Date();
        if (Number.isNaN(now.getTime()))
          throw new Error(`--now '${o.now}' is neither an instant with its offset nor a date`);
        const { escalated, deferred } = await escalateOverdue({ store: runtime.store, view: runtime.findings, now });
        say(
          `${escalated.length} findings escalated${deferred.length ? `; ${deferred.length} changed meanwhile, left for the next sweep` : ''}`,
        );
      }),
    );

  common(
    findings
      .command('trend')
      .description('quality over time: raised, explained, accepted, resolved and open findings per period and unit'),
  )
    .option('--under <code>', 'the subtree (default: the principal’s)')
    .option('--form <code>')
    .option('--from <period>')
    .option('--to <period>')
    .option('--as-of <instant>', 'as the log stood then')
    .option('--as-of-position <n>', 'as the log stood at this position')
    .option('--json', 'print JSON')
    .action(
      (
        o: Common & {
          under?: string;
          form?: string;
          from?: string;
          to?: string;
          asOf?: string;
          asOfPosition?: string;
          json?: boolean;
        },
      ) =>
        withFollowUp(o, async (runtime) => {
          const principal = cliPrincipal(o.as);
          const under: UnitCode | 'national' = o.under ? parseUnitCode(o.under) : principal.unit;
          if (under === 'national') authorizeAction(principal, 'read');
          else authorize(principal, 'read', under);
          const instant = o.asOf ? instantFromText(o.asOf) : undefined;
          const asOf = instant
            ? { instant }
            : o.asOfPosition
              ? { position: sequencePosition(BigInt(o.asOfPosition)) }
              : undefined;
          const trend = qualityTrend(await runtime.findings.at(asOf), under, {
            ...(o.form ? { form: o.form } : {}),
            ...(o.from ? { from: o.from } : {}),
            ...(o.to ? { to: o.to } : {}),
          });
          if (o.json) return say(JSON.stringify(trend, null, 2));
          say('period    raised explained accepted rejected resolved   open  edits after approval');
          for (const p of trend.byPeriod)
            say(
              `${p.period.padEnd(9)} ${[p.raised, p.explained, p.accepted, p.rejected, p.resolved, p.open].map((n) => String(n).padStart(8)).join('')}  ${p.editsAfterApproval}`,
            );
        }),
    );
}
