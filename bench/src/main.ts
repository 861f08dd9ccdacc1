/** The `pnpm bench` entry point: command-line options into benchCommand. */
import { parseArgs } from 'node:util';
import { benchCommand } from './command.ts';

const USAGE = 'usage: pnpm bench [--runs N] [--no-national] [--services] [--seed N] [--emmett-events N]';

function options() {
  try {
    return parseArgs({
      options: {
        runs: { type: 'string' },
        'no-national': { type: 'boolean', default: false },
        services: { type: 'boolean', default: false },
        seed: { type: 'string' },
        'emmett-events': { type: 'string' },
      },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

const values = options();
process.exitCode = await benchCommand({
  ...(values.runs ? { runs: values.runs } : {}),
  national: !values['no-national'],
  services: values.services,
  ...(values.seed ? { seed: values.seed } : {}),
  ...(values['emmett-events'] ? { emmettEvents: values['emmett-events'] } : {}),
});
