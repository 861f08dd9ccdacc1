export * from './projection-store.ts';
export { dumpTables } from './tables.ts';
export { copyField } from './bulk-upsert.ts';
