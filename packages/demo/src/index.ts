export * from './random.ts';
export * from './china-division.ts';
export * from './faults.ts';
export * from './magnitudes.ts';
export * from './scenario.ts';
export * from './run-demo.ts';
export * from './score.ts';
export * from './recount.ts';
