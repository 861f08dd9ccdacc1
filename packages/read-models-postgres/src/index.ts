export * from './projection-store.ts';
export { dumpTables } from './tables.ts';
