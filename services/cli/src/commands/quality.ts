import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { DEFAULT_SOURCE_REGISTRY } from '@statledger/form-catalogue';
import { loadSourceRegistry, runQualityWorker, sweepDeadlines } from '@statledger/quality';
import { scoreQuality } from '@statledger/demo';
import { openRuntime } from '../runtime.ts';
import { progressBar } from '../progress.ts';

export function registerQuality(program: Command): void {
  const quality = program.command('quality').description('quality checks: timeliness, accuracy, single-source consistency');

  quality
    .command('run')
    .description('sweep passed deadlines, then check every report not yet checked and append the findings')
    .option('--store <url>', 'event store')
    .action(async (options: { store?: string }) => {
      const runtime = await openRuntime({ store: options.store });
      try {
        const swept = await sweepDeadlines({ store: runtime.store, catalogue: runtime.catalogue, now: new Date() });
        const overdue = swept.closed.reduce((s, c) => s + c.overdue, 0);
        console.log(`deadlines: ${swept.closed.length} periods closed, ${overdue} reports overdue`);
        const head = await runtime.store.headPosition();
        const bar = progressBar('checking', head && /^\d+$/.test(head) ? Number(head) + 1 : 0);
        const stats = await runQualityWorker({
          store: runtime.store,
          checkpoints: runtime.store.checkpoints,
          catalogue: runtime.catalogue,
          sources: loadSourceRegistry(DEFAULT_SOURCE_REGISTRY, runtime.catalogue),
          stopWhenCaughtUp: true,
          onProgress: (s) => bar.update(s.checkpoint ? Number(s.checkpoint) : 0),
        });
        bar.stop();
        console.log(`quality: ${stats.eventsFolded} events checked, ${stats.findingsRaised} findings raised, ${stats.findingsResolved} resolved`);
      } finally {
        await runtime.close();
      }
    });

  quality
    .command('score')
    .description("judge the findings against a demo's register of injected faults")
    .requiredOption('--faults <file>', 'the register written by statledger demo')
    .option('--store <url>', 'event store')
    .action(async (options: { faults: string; store?: string }) => {
      const runtime = await openRuntime({ store: options.store });
      try {
        const score = await scoreQuality(runtime.store, JSON.parse(readFileSync(options.faults, 'utf8')));
        console.log(`${'injected fault class'.padEnd(28)}${'injected'.padStart(9)}${'found'.padStart(7)}  found as`);
        for (const r of score.rows) console.log(`${r.fault.padEnd(28)}${String(r.injected).padStart(9)}${String(r.found).padStart(7)}  ${r.how}`);
        console.log('warnings and errors on reports with no injected fault, by code:');
        for (const [code, n] of Object.entries(score.falsePositives).sort((a, b) => b[1] - a[1])) console.log(`  ${code.padEnd(26)} ${n}`);
        console.log('of which echoes of a child\u2019s injected fault on its parent (not counted above):');
        for (const [code, n] of Object.entries(score.echoes)) console.log(`  ${code.padEnd(26)} ${n}`);
      } finally {
        await runtime.close();
      }
    });
}
