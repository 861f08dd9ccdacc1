export * from './decider-spec.ts';
export * from './child-process.ts';
export * from './kafka-broker.ts';
export * from './postgres.ts';
export * from './small-tree.ts';
