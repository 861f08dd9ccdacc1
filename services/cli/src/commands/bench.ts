import type { Command } from 'commander';

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description(
      "measure the pipeline at the scale of a city's year and the country's month, against raw SQLite and Emmett (same as pnpm bench; 5 to 11 minutes)",
    )
    .option('--runs <n>', 'measured runs of the city year and the store comparison (median shown)', '3')
    .option('--no-national', 'leave out the national month (620,573 villages)')
    .option(
      '--services',
      'also run Beijing with the quality worker and projector as services following the ingest (about a minute more)',
      false,
    )
    .option('--seed <n>', 'seed of the generated figures', '20250101')
    .option('--emmett-events <n>', "events given to Emmett's store (it appends a few hundred a second)", '2000')
    .action(
      async (options: { runs: string; national: boolean; services: boolean; seed: string; emmettEvents: string }) => {
        // Loaded on demand: the benchmark and its peer store are development dependencies.
        const { benchCommand } = await import('@statledger/bench');
        process.exitCode = await benchCommand(options);
      },
    );
}
