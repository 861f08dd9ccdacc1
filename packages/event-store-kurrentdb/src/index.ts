export * from './kurrentdb-event-store.ts';
export * from './kurrentdb-checkpoint-store.ts';
