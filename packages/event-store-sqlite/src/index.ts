export * from './sqlite-event-store.ts';
export * from './sqlite-checkpoint-store.ts';
export * from './store-url.ts';
export { SCHEMA_VERSION, createCheckpointsTable } from './schema.ts';
