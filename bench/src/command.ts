import { join } from 'node:path';
import { z } from 'zod';
import { runBench } from './run.ts';

const count = (name: string) =>
  z.coerce
    .number({ error: `--${name} takes a whole number` })
    .int(`--${name} takes a whole number`)
    .min(1, `--${name} is at least 1`);

/** The options of `pnpm bench` and `statledger bench`, as typed on the command line. */
export const benchArgumentsSchema = z.object({
  runs: count('runs').default(3),
  national: z.boolean().default(true),
  services: z.boolean().default(false),
  seed: count('seed').default(20250101),
  emmettEvents: count('emmett-events').default(2_000),
});

/** Validates the options, runs every workload, prints the table and says where the figures of every run are. */
export async function benchCommand(input: unknown): Promise<number> {
  const parsed = benchArgumentsSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(issue.message);
    return 2;
  }
  const { table, file } = await runBench({
    ...parsed.data,
    resultsDir: join(import.meta.dirname, '..', 'results'),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  console.log(table);
  console.log(`\nfigures of every run: ${file}`);
  return 0;
}
