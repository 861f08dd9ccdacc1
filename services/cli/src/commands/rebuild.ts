import type { Command } from 'commander';
import { resetProjection, runProjector } from '@statledger/read-models';
import { progressBar } from '../progress.ts';
import { say } from '../output.ts';
import { withLogRuntime } from '../runtime.ts';

export function registerRebuild(program: Command): void {
  program
    .command('rebuild')
    .description('empty the read-model tables and fold the whole log into them again')
    .option('--store <url>', 'event store')
    .action(async (options: { store?: string }) => {
      return await withLogRuntime({ store: options.store }, async (runtime) => {
        const head = await runtime.store.headPosition();
        const bar = progressBar('rebuilding', head && /^\d+$/.test(head) ? Number(head) + 1 : 0);
        const started = performance.now();
        await resetProjection(runtime.projections);
        const result = await runProjector({
          events: runtime.store,
          projections: runtime.projections,
          catalogue: runtime.catalogue,
          isDenominatorSource: runtime.sourceRegistry.isDenominatorSource,
          stopWhenCaughtUp: true,
          onBatch: (p) => bar.update(p ? Number(p) + 1 : 0),
        });
        bar.stop();
        const seconds = (performance.now() - started) / 1000;
        say(
          `rebuilt the read models from ${result.events} events in ${seconds.toFixed(1)} s (${Math.round(result.events / seconds)} events/s)`,
        );
      });
    });
}
