export { runBench, type BenchOptions, type BenchResults } from './run.ts';
export { benchCommand, benchArgumentsSchema } from './command.ts';
