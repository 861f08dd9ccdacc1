import { createWriteStream, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { pipeline } from 'node:stream/promises';
import { parsePeriod, parseUnitCode, formatPeriod, tierOf, type UnitCode } from '@statledger/domain';
import { csvStream } from '@statledger/feeds';
import { bulletinHtml, cityBulletin } from '@statledger/read-models';
import { runProjector, statisticsFromProjection } from '@statledger/read-models';
import { sayToStderr } from '../output.ts';
import { withRuntime } from '../runtime.ts';

export function registerBulletin(program: Command): void {
  program
    .command('bulletin')
    .description(
      'the quarterly statistical bulletin (统计公报) of a city: per district, each indicator, its change on last year, target progress, completeness and timeliness',
    )
    .requiredOption('--city <code>', 'city code, e.g. 1101')
    .requiredOption('--period <quarter>', 'e.g. 2025-Q1')
    .option('--format <format>', 'csv or html', 'csv')
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--store <url>', 'event store')
    .action(async (options: { city: string; period: string; format: string; out?: string; store?: string }) => {
      return await withRuntime({ store: options.store }, async (runtime) => {
        const city = parseUnitCode(options.city);
        if (tierOf(city) !== 'city')
          throw new Error(`--city takes a city code such as 1101; ${city} is a ${tierOf(city)}`);
        const period = formatPeriod(parsePeriod(options.period));
        if (parsePeriod(period).type !== 'quarter')
          throw new Error(`--period takes a quarter such as 2025-Q1, not '${options.period}'`);
        if (options.format !== 'csv' && options.format !== 'html')
          throw new Error(`--format is csv or html, not '${options.format}'`);
        const isDenominatorSource = runtime.sourceRegistry.isDenominatorSource;
        await runProjector({
          events: runtime.store,
          projections: runtime.projections,
          catalogue: runtime.catalogue,
          isDenominatorSource,
          stopWhenCaughtUp: true,
        });
        const names = (unit: UnitCode) => runtime.units.get(unit)?.name ?? unit;
        const statistics = (query: { form: string; unit: UnitCode; period: string }) =>
          statisticsFromProjection(runtime.projections, runtime.catalogue, isDenominatorSource, query);
        const { title, rows } = await cityBulletin(runtime.catalogue, names, statistics, city, period);
        if (options.format === 'html') {
          const html = bulletinHtml(title, rows);
          if (options.out) writeFileSync(options.out, html);
          else process.stdout.write(html);
        } else {
          const csv = csvStream(rows);
          if (options.out) await pipeline(csv, createWriteStream(options.out));
          else await new Promise((resolve) => csv.on('end', resolve).pipe(process.stdout, { end: false }));
        }
        if (options.out) sayToStderr(`bulletin written to ${options.out} (${rows.length} rows)`);
      });
    });
}
