export * from './decimal.ts';
export * from './rollup.ts';
