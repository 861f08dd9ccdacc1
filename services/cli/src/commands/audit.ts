import { createReadStream } from 'node:fs';
import type { Command } from 'commander';
import { createAuditService, findingsFromCsv, planAuditRequestSchema, type AuditPlanEntry } from '@statledger/audit';
import { displayPosition } from '@statledger/event-store';
import { RequestValidationError, validate } from '@statledger/intake';
import { cliPrincipal } from '../cli-principal.ts';
import { say } from '../output.ts';
import { withRuntime } from '../runtime.ts';

interface PlanOptions {
  replay?: string;
  form?: string;
  period?: string;
  unit?: string;
  method?: string;
  design?: string;
  allocation?: string;
  varianceIndicator?: string;
  sizeIndicator?: string;
  n?: string;
  margin?: string;
  confidence?: string;
  proportion?: string;
  acceptable?: string;
  unacceptable?: string;
  seed?: string;
  asOfPosition?: string;
  json?: boolean;
  store?: string;
  as?: string;
}

/** The API's design types; `srs` is still understood for simple_random. */
const DESIGNS: Record<string, string> = {
  srs: 'simple_random',
  simple_random: 'simple_random',
  stratified: 'stratified',
  pps: 'pps',
  lqas: 'lqas',
};
/** A numeric option as a number; text that is not one is refused here, naming the option. */
const num = (value: string | undefined, option: string) => {
  if (value === undefined) return undefined;
  if (value.trim() === '' || !Number.isFinite(Number(value)))
    throw new Error(`${option} takes a number, not '${value}'`);
  return Number(value);
};

/**
 * The plan request as the options describe it. Each field is taken through `from`, which notes the option that
 * set it, so a refusal names what the user typed (the field path is the API's, the option the command line's).
 */
function planRequest(o: PlanOptions) {
  const optionOf = new Map<string, string>([['size', '--n or --margin']]);
  const from = <T>(path: string, option: string, value: T): T => (optionOf.set(path, option), value);
  const type = from('design.type', '--design', DESIGNS[o.design ?? ''] ?? o.design);
  const design =
    type === 'stratified'
      ? {
          type,
          allocation: from('design.allocation', '--allocation', o.allocation ?? 'proportional'),
          ...(o.varianceIndicator
            ? { varianceIndicator: from('design.varianceIndicator', '--variance-indicator', o.varianceIndicator) }
            : {}),
        }
      : type === 'pps'
        ? { type, sizeIndicator: from('design.sizeIndicator', '--size-indicator', o.sizeIndicator) }
        : type === 'lqas'
          ? {
              type,
              acceptableRate: from('design.acceptableRate', '--acceptable', num(o.acceptable ?? '0.1', '--acceptable')),
              unacceptableRate: from(
                'design.unacceptableRate',
                '--unacceptable',
                num(o.unacceptable ?? '0.4', '--unacceptable'),
              ),
            }
          : { type };
  const size =
    o.n !== undefined
      ? { n: from('size.n', '--n', num(o.n, '--n')) }
      : o.margin !== undefined
        ? {
            marginOfError: from('size.marginOfError', '--margin', num(o.margin, '--margin')),
            confidence: from('size.confidence', '--confidence', num(o.confidence ?? '0.95', '--confidence')),
            proportion: from('size.proportion', '--proportion', num(o.proportion ?? '0.5', '--proportion')),
          }
        : undefined;
  try {
    return validate(planAuditRequestSchema, {
      form: from('form', '--form', o.form),
      period: from('period', '--period', o.period),
      subtree: from('subtree', '--unit', o.unit),
      method: from('method', '--method', o.method),
      design,
      ...(size ? { size } : {}),
      seed: from('seed', '--seed', num(o.seed, '--seed')),
      ...(o.asOfPosition === undefined
        ? {}
        : { asOfPosition: from('asOfPosition', '--as-of-position', o.asOfPosition) }),
    });
  } catch (error) {
    if (!(error instanceof RequestValidationError)) throw error;
    throw new RequestValidationError(
      error.issues.map((i) => ({ ...i, path: [optionOf.get(i.path.join('.')) ?? i.path.join('.')] })),
    );
  }
}

export function registerAudit(program: Command): void {
  const audit = program
    .command('audit')
    .description('spot checks (抽查): plan reproducible samples, record recounts, follow VF results');

  audit
    .command('plan')
    .description('draw a spot-check sample from a recorded seed, or --replay a plan and confirm its sample')
    .option('--replay <planId>', 're-draw the sample of a recorded plan and compare')
    .option('--form <form>', 'e.g. sanitation')
    .option('--period <period>', 'e.g. 2025-03')
    .option('--unit <code>', 'root of the audited subtree, e.g. 1101')
    .option('--method <method>', 'overt (明查), covert (暗查) or survey (抽样调查)', 'overt')
    .option(
      '--design <design>',
      'simple_random, stratified (by district), pps or lqas (per township): the design.type of POST /v1/audits',
      'stratified',
    )
    .option('--allocation <allocation>', 'stratified: proportional or neyman', 'proportional')
    .option('--variance-indicator <code>', 'neyman: the indicator whose spread per district sets the allocation')
    .option('--size-indicator <code>', 'pps: the indicator that measures size')
    .option('--n <n>', 'sample size')
    .option('--margin <e>', 'margin of error, e.g. 0.05 (instead of --n)')
    .option('--confidence <level>', '0.9, 0.95 or 0.99', '0.95')
    .option('--proportion <p>', 'expected proportion for the size formula', '0.5')
    .option('--acceptable <rate>', 'lqas: acceptable discrepancy rate', '0.1')
    .option('--unacceptable <rate>', 'lqas: unacceptable discrepancy rate', '0.4')
    .option('--seed <seed>', 'the recorded seed (0 … 2147483647)')
    .option('--as-of-position <n>', 'draw from the log as it stood at this position (default: as it stands)')
    .option('--json', 'print JSON')
    .option('--store <url>', 'event store')
    .option('--as <principal>', 'act as this principal of the principals file')
    .action(async (options: PlanOptions) => {
      return await withRuntime({ store: options.store }, async (runtime) => {
        const audits = createAuditService(runtime);
        const principal = cliPrincipal(options.as);
        if (options.replay) {
          const result = await audits.replay(options.replay, principal);
          if (options.json) say(JSON.stringify(result));
          else if (result.identical)
            say(
              `${result.planId}: sample re-drawn from seed ${result.seed} over the log as it stood: identical (${result.sampleSize} reports)`,
            );
          else
            say(
              `${result.planId}: sample re-drawn from seed ${result.seed} DIFFERS — population ${result.populationMatches ? 'unchanged' : 'changed'}; only recorded: ${result.onlyRecorded.join(' ') || '-'}; only re-drawn: ${result.onlyRedrawn.join(' ') || '-'}`,
            );
          if (!result.identical) process.exitCode = 1;
          return;
        }
        const result = await audits.plan(planRequest(options), { principal, channel: 'cli' });
        const { planId, created, plan } = result;
        if (options.json) {
          say(JSON.stringify(result));
          return;
        }
        say(`${planId}: ${created ? 'planned' : 'already planned (same inputs), nothing appended'}`);
        if (result.note) say(`note: ${result.note}`);
        for (const warning of (plan.calculation.warnings ?? []) as string[]) say(`warning: ${warning}`);
        say(
          `population: ${plan.population.count} ${plan.form} reports for ${plan.period} in ${plan.subtree}, log up to position ${displayPosition(plan.population.asOfPosition)}, digest ${plan.population.digest.slice(0, 16)}…`,
        );
        say(`method ${plan.method}, design ${JSON.stringify(plan.design)}, seed ${plan.seed}`);
        say(`calculation: ${JSON.stringify(plan.calculation)}`);
        say(`sample (${plan.sample.length}):`);
        for (const s of plan.sample)
          say(`  ${s.report}${s.stratum ? `  stratum ${s.stratum}` : ''}  π=${s.inclusionProbability.toFixed(4)}`);
      });
    });

  audit
    .command('record <planId>')
    .description(
      'record findings: recounted values per indicator, inspector, time and evidence (one CSV row per report)',
    )
    .requiredOption('--csv <file>', 'columns report,inspector,inspected_at,evidence_sha256,evidence,<INDICATOR>...')
    .option('--store <url>', 'event store')
    .option('--as <principal>', 'act as this principal of the principals file')
    .action(async (planId: string, options: { csv: string; store?: string; as?: string }) => {
      return await withRuntime({ store: options.store }, async (runtime) => {
        const audits = createAuditService(runtime);
        const principal = cliPrincipal(options.as);
        // The whole file is read and checked first: one bad line records nothing, and every bad line is named.
        const { rows, errors } = await findingsFromCsv(createReadStream(options.csv));
        if (errors.length) {
          for (const e of errors) say(`line ${e.line}: ${e.message}`);
          say(
            `${planId}: nothing recorded; ${errors.length} of ${rows.length + errors.length} lines are wrong, fix them and record the file again`,
          );
          process.exitCode = 1;
          return;
        }
        const fate = { recorded: 0, already: 0, refused: 0 };
        for (const { line, request, idempotencyKey } of rows) {
          try {
            const result = await audits.recordFinding(planId, request, { principal, channel: 'csv', idempotencyKey });
            fate[result.appended ? 'recorded' : 'already']++;
            say(`line ${line}: ${result.appended ? 'recorded' : 'already recorded'} ${result.findingId}`);
          } catch (error) {
            fate.refused++;
            say(`line ${line}: refused: ${(error as Error).message}`);
          }
        }
        say(`${planId}: ${fate.recorded} findings recorded, ${fate.already} already recorded, ${fate.refused} refused`);
        if (fate.refused) process.exitCode = 1;
      });
    });

  audit
    .command('close <planId>')
    .description('close a plan; a covert plan becomes visible to the audited units')
    .requiredOption('--summary <text>', 'what the spot check concluded')
    .option('--store <url>', 'event store')
    .option('--as <principal>', 'act as this principal of the principals file')
    .action(async (planId: string, options: { summary: string; store?: string; as?: string }) => {
      return await withRuntime({ store: options.store }, async (runtime) => {
        const result = await createAuditService(runtime).close(planId, options.summary, {
          principal: cliPrincipal(options.as),
          channel: 'cli',
        });
        say(`${planId}: ${result.appended ? 'closed' : 'was already closed'}`);
      });
    });

  audit
    .command('show [planId]')
    .description('the audit register: plans, progress and VF results per district (one plan, or all you may see)')
    .option('--json', 'print JSON')
    .option('--store <url>', 'event store')
    .option('--as <principal>', 'act as this principal of the principals file')
    .action(async (planId: string | undefined, options: { json?: boolean; store?: string; as?: string }) => {
      return await withRuntime({ store: options.store }, async (runtime) => {
        const audits = createAuditService(runtime);
        const principal = cliPrincipal(options.as);
        const entries = planId ? [await audits.show(planId, principal)] : await audits.register(principal);
        for (const entry of entries) {
          if (options.json) say(JSON.stringify(entry));
          else printEntry(entry, Boolean(planId));
        }
        if (!options.json && entries.length === 0) say('no audit plans you may see');
      });
    });
}

const vfText = (vf: Record<string, string | null>) =>
  Object.entries(vf)
    .map(([indicator, v]) => `${indicator} ${v ?? '-'}`)
    .join(', ') || '-';
const percent = (share: string) => `${(Number(share) * 100).toFixed(1)} %`;
const interval = (ci: readonly [string, string] | null, show = (v: string) => v) =>
  ci ? ` [95 % ${show(ci[0])} – ${show(ci[1])}]` : '';

function printEntry(entry: AuditPlanEntry, detailed: boolean): void {
  const { plan, progress, verification } = entry;
  say(
    `${plan.planId}  ${plan.method} ${plan.design.type}  ${plan.form} ${plan.period} ${plan.subtree}  ${entry.status}  by ${entry.plannedBy}`,
  );
  say(
    `  progress: ${progress.recounted}/${progress.sampled} sampled reports recounted (${(progress.share * 100).toFixed(1)} %)`,
  );
  const weighting = verification.selfWeighting ? 'self-weighting' : 'weighted by 1/π';
  const byIndicator =
    Object.entries(verification.byIndicator)
      .map(([i, e]) => `${i} ${e.estimate ?? '-'}${interval(e.interval)}`)
      .join(', ') || '-';
  const outside =
    verification.shareOutside === null
      ? ''
      : ` (${weighting}: ${percent(verification.shareOutside)}${interval(verification.shareOutsideInterval, percent)})`;
  say(`  aggregate VF (${weighting}): ${byIndicator}`);
  say(
    `  reports outside ±10 %: ${verification.discrepantReports}/${verification.reports}${outside}; open follow-ups: ${entry.openFollowUps}`,
  );
  for (const lot of entry.lots ?? [])
    say(
      `  township ${lot.township}: ${lot.discrepant} of ${lot.recounted}/${lot.sampled} recounted off, pass if at most ${lot.d}: ${lot.decision}`,
    );
  if (!detailed) return;
  for (const d of entry.byDistrict)
    say(
      `  district ${d.district}: sampled ${d.sampled}, recounted ${d.recounted}, outside ±10 % ${d.discrepant}, VF ${vfText(d.aggregateVf)}`,
    );
  for (const f of entry.findings.filter((x) => x.discrepancy)) {
    say(
      `  discrepancy ${f.findingId}: ${f.recounts.map((r) => `${r.indicator} reported ${r.reported} recounted ${r.recounted} VF ${r.vf ?? '-'} (${r.direction})`).join('; ')} — follow-up ${f.followUp}`,
    );
  }
}
