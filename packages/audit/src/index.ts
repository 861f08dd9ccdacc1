export * from './sample-size.ts';
export * from './allocation.ts';
export * from './selection.ts';
export * from './lqas.ts';
export * from './verification.ts';
