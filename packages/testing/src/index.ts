export * from './decider-spec.ts';
export * from './child-process.ts';
