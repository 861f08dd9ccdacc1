import type { Command } from 'commander';
import { indicatorValueInputSchema, parseUnitCode, targetStreamName } from '@statledger/domain';
import { z } from 'zod';
import { validate } from '@statledger/intake';
import { cliPrincipal } from '../cli-principal.ts';
import { say } from '../output.ts';
import { withRuntime } from '../runtime.ts';

export function registerTarget(program: Command): void {
  program
    .command('target')
    .description('annual targets per indicator and unit')
    .command('set')
    .description('set a unit\u2019s annual target, or revise it (a revision states its reason)')
    .requiredOption('--form <form>', 'e.g. rnd')
    .requiredOption('--indicator <code>', 'e.g. RND_EXPENDITURE')
    .requiredOption('--unit <code>', 'unit code')
    .requiredOption('--year <year>', 'e.g. 2025')
    .requiredOption('--value <value>', 'in the indicator\u2019s unit')
    .option('--reason <text>', 'why a set target is revised')
    .option('--as <principal>', 'act as this principal of the principals file')
    .option('--store <url>', 'event store')
    .action(
      async (options: {
        form: string;
        indicator: string;
        unit: string;
        year: string;
        value: string;
        reason?: string;
        as?: string;
        store?: string;
      }) => {
        return await withRuntime({ store: options.store }, async (runtime) => {
          if (!/^\d{4}$/.test(options.year)) throw new Error(`--year takes a year such as 2025, not '${options.year}'`);
          const key = {
            form: options.form,
            indicator: options.indicator,
            unitCode: parseUnitCode(options.unit),
            year: Number(options.year),
          };
          const value = validate(z.object({ '--value': indicatorValueInputSchema }), { '--value': options.value })[
            '--value'
          ];
          const result = await runtime.targets.set(
            key,
            value,
            { principal: cliPrincipal(options.as), channel: 'cli' },
            options.reason,
          );
          say(
            result
              ? `${result.stream}: ${result.events.map((e) => e.type).join(', ')}`
              : `${targetStreamName(key)}: unchanged`,
          );
        });
      },
    );
}
