/** pnpm bench [--runs N] [--no-national] [--seed N] [--emmett-events N] */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { runBench } from './run.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    'no-national': { type: 'boolean', default: false },
    seed: { type: 'string', default: '20250101' },
    'emmett-events': { type: 'string', default: '3000' },
  },
});
const integer = (name: string, text: string) => {
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    console.error(`--${name} takes a whole number of at least 1, not '${text}'`);
    process.exit(2);
  }
  return Number(text);
};
const { table, file } = await runBench({
  runs: integer('runs', values.runs),
  national: !values['no-national'],
  seed: integer('seed', values.seed),
  emmettEvents: integer('emmett-events', values['emmett-events']),
  resultsDir: join(import.meta.dirname, '..', 'results'),
  log: (line) => process.stderr.write(`${line}\n`),
});
console.log(table);
console.log(`\nfigures of every run: ${file}`);
