import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { formatPeriod, parsePeriod, parseUnitCode } from '@statledger/domain';
import { sdmxCsvStream, sdmxObservations } from '@statledger/feeds';
import { runProjector, statisticsFromProjection } from '@statledger/read-models';
import { withLogRuntime } from '../runtime.ts';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('exports for upstream bureaus')
    .command('sdmx')
    .description(
      'SDMX-CSV 2.0 of a form\u2019s city and district figures for a period, on stdout (ACTION R for revised figures)',
    )
    .requiredOption('--form <form>', 'sanitation, patent or rnd')
    .requiredOption('--period <period>', 'e.g. 2025-03 or 2025-Q1 (coarser than the form aggregates over time)')
    .option('--unit <code>', 'one city (default: every city in the store)')
    .option('--store <url>', 'event store')
    .action(async (options: { form: string; period: string; unit?: string; store?: string }) => {
      return await withLogRuntime({ store: options.store }, async (runtime) => {
        const form = runtime.catalogue.get(options.form);
        const period = formatPeriod(parsePeriod(options.period));
        const isDenominatorSource = runtime.sourceRegistry.isDenominatorSource;
        await runProjector({
          events: runtime.store,
          projections: runtime.projections,
          catalogue: runtime.catalogue,
          isDenominatorSource,
          stopWhenCaughtUp: true,
        });
        const cities = options.unit ? [parseUnitCode(options.unit)] : await runtime.projections.unitsOfTier('city');
        const rows = sdmxObservations(form, period, cities, (query) =>
          statisticsFromProjection(runtime.projections, runtime.catalogue, isDenominatorSource, query),
        );
        await pipeline(sdmxCsvStream(rows), process.stdout, { end: false });
      });
    });
}
