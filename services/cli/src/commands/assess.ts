import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { noticeHtml, noticeRows, type ScorecardWithChange } from '@statledger/assessment';
import {
  assessmentKeySchema,
  formatPeriod,
  instantFromText,
  parsePeriod,
  parseUnitCode,
  type AssessmentKey,
  type UnitCode,
} from '@statledger/domain';
import { sequencePosition } from '@statledger/event-store';
import { csvStream } from '@statledger/feeds';
import { authorize, validate } from '@statledger/intake';
import type { Runtime } from '@statledger/pipeline';
import { cliPrincipal } from '../cli-principal.ts';
import { say } from '../output.ts';
import { withRuntime } from '../runtime.ts';

interface KeyOptions {
  scheme: string;
  root: string;
  period: string;
  store?: string;
  as?: string;
}

const keyOf = (o: KeyOptions): AssessmentKey =>
  validate(assessmentKeySchema, {
    scheme: o.scheme,
    root: parseUnitCode(o.root),
    period: formatPeriod(parsePeriod(o.period)),
  });

/** Opens the runtime, acts as the principal named (or the local operator), and closes it whatever happens. */
async function withAssessment<T>(
  o: KeyOptions,
  body: (runtime: Runtime, key: AssessmentKey, actor: { principal: string; channel: 'cli' }) => Promise<T>,
) {
  return await withRuntime({ store: o.store }, async (runtime) => {
    const principal = cliPrincipal(o.as);
    return await body(runtime, keyOf(o), { principal: principal.id, channel: 'cli' });
  });
}

const keyed = (command: Command) =>
  command
    .requiredOption('--scheme <code>', 'sanitation-statistics or science-technology (schemas/assessments)')
    .requiredOption('--root <code>', 'the unit whose subordinates are assessed, e.g. 1101')
    .requiredOption('--period <period>', 'e.g. 2025')
    .option('--as <principal>', 'act as this principal of the principals file')
    .option('--store <url>', 'event store');

function printRanking(card: ScorecardWithChange): void {
  say(
    `${card.scheme} ${card.version} · ${card.root} · ${card.period} · as of log position ${card.asOfPosition === null ? '-' : Number(card.asOfPosition)}`,
  );
  for (const u of card.units) {
    const notes = [
      u.vetoed ? 'veto' : '',
      u.capped ? `capped at ${u.capped.maxTotal}` : '',
      u.rank === null ? `not ranked (${u.reports} reports)` : '',
      u.tiedWith.length ? `tied with ${u.tiedWith.length}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    const interval = u.rankInterval ? `${u.rankInterval[0]}–${u.rankInterval[1]}` : '-';
    say(
      `  ${String(u.rank ?? '-').padStart(3)}  ${(u.name ?? u.unit).padEnd(10)} ${u.total.toFixed(2).padStart(7)}  ${u.grade.padEnd(4)}  places ${interval.padEnd(6)} ${notes}`,
    );
  }
}

export function registerAssess(program: Command): void {
  const assess = program
    .command('assess')
    .description('assessments and rankings of districts and towns (考评与通报), scored from the ledger');

  keyed(
    assess
      .command('show')
      .description(
        'the scorecard: each unit’s total, grade, rank and its interval; with --unit, every line and its trail',
      ),
  )
    .option('--unit <code>', 'one unit’s lines')
    .option('--as-of <instant>', 'as the log stood then (a date is the start of that day in Asia/Shanghai)')
    .option('--as-of-position <n>', 'as the log stood at this position')
    .option('--json', 'print JSON')
    .action((o: KeyOptions & { unit?: string; asOf?: string; asOfPosition?: string; json?: boolean }) =>
      withAssessment(o, async (runtime, key) => {
        const instant = o.asOf ? instantFromText(o.asOf) : undefined;
        if (o.asOf && !instant) throw new Error(`--as-of '${o.asOf}' is neither an instant with its offset nor a date`);
        const asOf = instant
          ? { instant }
          : o.asOfPosition
            ? { position: sequencePosition(BigInt(o.asOfPosition)) }
            : undefined;
        const card = await runtime.assessments.scorecard(key, asOf);
        if (o.json) return say(JSON.stringify(card, null, 2));
        if (!o.unit) return printRanking(card);
        const unit = card.units.find((u) => u.unit === parseUnitCode(o.unit!));
        if (!unit) throw new Error(`${o.unit} is not assessed by ${key.scheme} under ${key.root}`);
        say(`${unit.name ?? unit.unit}: ${unit.total.toFixed(2)} (${unit.grade}), rank ${unit.rank ?? '-'}`);
        for (const l of unit.lines)
          say(
            `  ${l.group.padEnd(11)} ${l.indicator.padEnd(24)} ${String(l.value ?? '').padStart(9)} ${l.score.toFixed(2).padStart(6)}  ${l.basis}`,
          );
      }),
    );

  keyed(
    assess
      .command('record')
      .description('an assessor’s score of a qualitative line, or a veto item, with its reason and evidence'),
  )
    .requiredOption('--unit <code>', 'the assessed unit')
    .requiredOption('--indicator <code>', 'the line, e.g. LEDGER or FALSIFICATION')
    .option('--score <points>', 'points, 0 to the line’s')
    .option('--veto <yes|no>', 'for a veto item: failed (yes) or not (no)')
    .requiredOption('--reason <text>', 'why')
    .option('--evidence <file...>', 'documents: their SHA-256 is recorded, not the files')
    .action(
      (
        o: KeyOptions & {
          unit: string;
          indicator: string;
          score?: string;
          veto?: string;
          reason: string;
          evidence?: string[];
        },
      ) =>
        withAssessment(o, async (runtime, key, actor) => {
          authorize(cliPrincipal(o.as), 'assess', key.root);
          const evidence = (o.evidence ?? []).map((file) => ({
            sha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
            description: basename(file),
          }));
          const line = { unit: parseUnitCode(o.unit) as UnitCode, indicator: o.indicator, evidence, reason: o.reason };
          const veto = o.veto === undefined ? {} : { vetoed: o.veto === 'yes' };
          const result = await runtime.assessments.record(
            key,
            { ...line, ...(o.score === undefined ? {} : { score: o.score }), ...veto },
            actor,
          );
          say(`recorded ${o.indicator} of ${o.unit} at log position ${Number(result.position)}`);
        }),
    );

  keyed(assess.command('appeal').description('the assessed unit contests a line of its scorecard'))
    .requiredOption('--unit <code>', 'the unit that appeals')
    .requiredOption('--indicator <code>', 'the line contested')
    .requiredOption('--reason <text>', 'why')
    .action((o: KeyOptions & { unit: string; indicator: string; reason: string }) =>
      withAssessment(o, async (runtime, key, actor) => {
        const unit = parseUnitCode(o.unit);
        authorize(cliPrincipal(o.as), 'appeal', unit);
        const { appealId } = await runtime.assessments.appeal(
          key,
          { unit, indicator: o.indicator, reason: o.reason },
          actor,
        );
        say(`appeal ${appealId} recorded; an assessor decides it with statledger assess decide --appeal ${appealId}`);
      }),
    );

  keyed(assess.command('decide').description('decide an appeal: upheld (with the new score) or rejected'))
    .requiredOption('--appeal <id>', 'the appeal')
    .requiredOption('--decision <upheld|rejected>', 'the decision')
    .requiredOption('--reason <text>', 'why')
    .option('--score <points>', 'the line’s new score, when upheld')
    .action((o: KeyOptions & { appeal: string; decision: string; reason: string; score?: string }) =>
      withAssessment(o, async (runtime, key, actor) => {
        authorize(cliPrincipal(o.as), 'assess', key.root);
        if (o.decision !== 'upheld' && o.decision !== 'rejected')
          throw new Error(`--decision is upheld or rejected, not '${o.decision}'`);
        const rescore = o.score === undefined ? undefined : { score: o.score, evidence: [], reason: o.reason };
        await runtime.assessments.decide(key, o.appeal, o.decision, o.reason, rescore, actor);
        say(`appeal ${o.appeal} ${o.decision}`);
      }),
    );

  keyed(
    assess.command('publish').description('publish the notice (通报): the scorecard frozen with its content hash'),
  ).action((o: KeyOptions) =>
    withAssessment(o, async (runtime, key, actor) => {
      authorize(cliPrincipal(o.as), 'assess', key.root);
      const published = await runtime.assessments.publish(key, actor);
      say(`published at log position ${Number(published.position)}, content hash ${published.contentHash}`);
    }),
  );

  keyed(
    assess.command('notice').description('the latest published notice as HTML (A4, for the official notice) or CSV'),
  )
    .option('--format <format>', 'html or csv', 'html')
    .option('--out <file>', 'write to this file instead of standard output')
    .action((o: KeyOptions & { format: string; out?: string }) =>
      withAssessment(o, async (runtime, key) => {
        const notice = (await runtime.assessments.notices(key)).at(-1);
        if (!notice)
          throw new Error(
            `nothing published for ${key.scheme} ${key.root} ${key.period}; statledger assess publish first`,
          );
        const card = notice.notice as unknown as ScorecardWithChange;
        const rootName = runtime.units.get(key.root)?.name ?? key.root;
        if (o.format === 'html') {
          const html = noticeHtml(runtime.schemes.get(key.scheme), card, { rootName, contentHash: notice.contentHash });
          return o.out ? writeFileSync(o.out, html) : void process.stdout.write(html);
        }
        const csv = csvStream(noticeRows(card));
        await new Promise((resolve) => csv.on('end', resolve).pipe(process.stdout, { end: false }));
      }),
    );

  keyed(
    assess
      .command('verify')
      .description(
        'check each published notice: its content hashes as recorded, and the log as it stood then gives it again',
      ),
  ).action((o: KeyOptions) =>
    withAssessment(o, async (runtime, key) => {
      const results = await runtime.assessments.verify(key);
      if (!results.length) say('nothing published yet');
      for (const r of results) {
        say(
          `notice at log position ${Number(r.asOfPosition)}: content ${r.intact ? 'intact' : 'ALTERED'}, ${r.reproduced ? 'reproduced from the log' : 'NOT reproduced from the log'} (${r.contentHash})`,
        );
        if (!r.intact || !r.reproduced) process.exitCode = 1;
      }
    }),
  );
}
