import { createReadStream, statSync } from 'node:fs';
import type { Command } from 'commander';
import { importUnitsCsv } from '@statledger/intake';
import { cliPrincipal } from '../cli-principal.ts';
import { countingProgress } from '../progress.ts';
import { say } from '../output.ts';
import { withRuntime } from '../runtime.ts';

export function registerUnits(program: Command): void {
  const units = program.command('units').description('the unit registry (统计用区划代码)');
  units
    .command('import <file>')
    .description('import units from a CSV in the NBS layout: code,name[,parentCode] (UTF-8, with or without BOM)')
    .option('--store <url>', 'event store')
    .option('--as <principal>', 'act as this principal of the principals file')
    .action(async (file: string, options: { store?: string; as?: string }) => {
      return await withRuntime({ store: options.store }, async (runtime) => {
        const progress = countingProgress('importing units', statSync(file).size);
        const summary = await importUnitsCsv(createReadStream(file).pipe(progress.counter), runtime, {
          principal: cliPrincipal(options.as),
        });
        progress.stop();
        say(
          `units: ${summary.registered} registered, ${summary.renamed} renamed, ${summary.unchanged} unchanged, ${summary.errors.length} rejected (${summary.rows} rows)`,
        );
        for (const e of summary.errors.slice(0, 50)) say(`  line ${e.line}: ${e.message}`);
        if (summary.errors.length) process.exitCode = 1;
      });
    });
}
