export * from './tables.ts';
export * from './projector.ts';
export * from './query.ts';
