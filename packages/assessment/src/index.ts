export * from './scheme.ts';
export * from './rules.ts';
export * from './facts.ts';
export * from './measures.ts';
export * from './scorecard.ts';
export * from './service.ts';
export * from './notice.ts';
