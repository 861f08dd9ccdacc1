/** pnpm bench [--runs N] [--no-national] [--seed N] [--emmett-events N] */
import { parseArgs } from 'node:util';
import { benchCommand } from './command.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string' },
    'no-national': { type: 'boolean', default: false },
    seed: { type: 'string' },
    'emmett-events': { type: 'string' },
  },
});
process.exitCode = await benchCommand({
  ...(values.runs ? { runs: values.runs } : {}),
  national: !values['no-national'],
  ...(values.seed ? { seed: values.seed } : {}),
  ...(values['emmett-events'] ? { emmettEvents: values['emmett-events'] } : {}),
});
