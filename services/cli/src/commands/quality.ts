import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { formatPeriod, parsePeriod, parseUnitCode } from '@statledger/domain';
import { sweepDeadlines } from '@statledger/deadlines';
import { createQualityView, runQualityWorker } from '@statledger/quality';
import { printSummary } from '../quality-report.ts';
import { scoreQuality } from '@statledger/demo';
import { progressBar } from '../progress.ts';
import { say } from '../output.ts';
import { withLogRuntime } from '../runtime.ts';

export function registerQuality(program: Command): void {
  const quality = program
    .command('quality')
    .description('quality checks: timeliness, accuracy, single-source consistency');

  quality
    .command('show', { isDefault: true })
    .description(
      'what the checks found for a unit and period: its own reports, its subtree and each child, with counts by code and severity',
    )
    .requiredOption('--unit <code>', 'unit code, full or short (e.g. 1101)')
    .requiredOption('--period <period>', 'e.g. 2025-03 or 2025-Q1')
    .option('--form <form>', 'one form only')
    .option('--json', 'print the summary as JSON')
    .option('--store <url>', 'event store')
    .action(async (options: { unit: string; period: string; form?: string; json?: boolean; store?: string }) => {
      return await withLogRuntime({ store: options.store }, async (runtime) => {
        const view = createQualityView(runtime.store, runtime.catalogue);
        const summary = await view.summary(
          parseUnitCode(options.unit),
          formatPeriod(parsePeriod(options.period)),
          options.form,
        );
        if (options.json) say(JSON.stringify(summary, null, 2));
        else printSummary(summary);
      });
    });

  quality
    .command('run')
    .description('sweep passed deadlines, then check every report not yet checked and append the findings')
    .option('--store <url>', 'event store')
    .option(
      '--sweep-until <instant>',
      'close the periods whose deadline passed before this ISO-8601 instant (default: now)',
    )
    .option('--no-sweep', 'do not close periods; only check')
    .action(async (options: { store?: string; sweepUntil?: string; sweep: boolean }) => {
      return await withLogRuntime({ store: options.store }, async (runtime) => {
        if (options.sweep) {
          const until = options.sweepUntil ? new Date(options.sweepUntil) : new Date();
          if (Number.isNaN(until.getTime()))
            throw new Error(
              `--sweep-until '${options.sweepUntil}' is not an ISO-8601 instant such as 2026-02-01T00:00:00+08:00`,
            );
          const swept = await sweepDeadlines({ store: runtime.store, catalogue: runtime.catalogue, now: until });
          const overdue = swept.closed.reduce((s, c) => s + c.overdue, 0);
          say(
            `deadlines before ${until.toISOString()}: ${swept.closed.length} periods closed, ${overdue} reports overdue`,
          );
        }
        const head = await runtime.store.headPosition();
        const bar = progressBar('checking', head && /^\d+$/.test(head) ? Number(head) + 1 : 0);
        const stats = await runQualityWorker({
          store: runtime.store,
          checkpoints: runtime.projections.checkpoints,
          catalogue: runtime.catalogue,
          sources: runtime.sourceRegistry,
          stopWhenCaughtUp: true,
          onProgress: (s) => bar.update(s.checkpoint ? Number(s.checkpoint) : 0),
        });
        bar.stop();
        say(
          `quality: ${stats.eventsFolded} events checked, ${stats.findingsRaised} findings raised, ${stats.findingsResolved} resolved`,
        );
      });
    });

  quality
    .command('score')
    .description("judge the findings against a demo's register of injected faults")
    .requiredOption('--faults <file>', 'the register written by statledger demo')
    .option('--store <url>', 'event store')
    .action(async (options: { faults: string; store?: string }) => {
      return await withLogRuntime({ store: options.store }, async (runtime) => {
        const score = await scoreQuality(runtime.store, JSON.parse(readFileSync(options.faults, 'utf8')));
        say(`${'injected fault class'.padEnd(28)}${'injected'.padStart(9)}${'found'.padStart(7)}  found as`);
        for (const r of score.rows)
          say(`${r.fault.padEnd(28)}${String(r.injected).padStart(9)}${String(r.found).padStart(7)}  ${r.how}`);
        say(`warnings and errors in ${score.year} on reports with no injected fault, by code:`);
        for (const [code, n] of Object.entries(score.falsePositives).sort((a, b) => b[1] - a[1]))
          say(`  ${code.padEnd(26)} ${n}`);
        say('of which echoes of a child\u2019s injected fault on its parent (not counted above):');
        for (const [code, n] of Object.entries(score.echoes)) say(`  ${code.padEnd(26)} ${n}`);
        say(
          'warnings and errors in the clean history year(s), where the first months have little history of their own:',
        );
        for (const [code, n] of Object.entries(score.historyYears).sort((a, b) => b[1] - a[1]))
          say(`  ${code.padEnd(26)} ${n}`);
      });
    });
}
