export { runBench, type BenchOptions, type BenchResults } from './run.ts';
