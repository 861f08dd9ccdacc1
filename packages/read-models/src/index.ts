export * from './decimal.ts';
export * from './rollup.ts';
export * from './report-ledger.ts';
export * from './stats.ts';
export * from './bulletin.ts';
export * from './aggregate-keys.ts';
