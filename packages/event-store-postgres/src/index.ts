export * from './postgres-event-store.ts';
export * from './checkpoint-store.ts';
export {
  connectionProblem,
  inTransaction,
  openPool,
  query,
  storeError,
  type PostgresOptions,
  type Queryable,
} from './connection.ts';
export { createCheckpointsTable, migratePart } from './schema.ts';
