export * from './tables.ts';
export * from './projection-store.ts';
