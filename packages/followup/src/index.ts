export * from './findings-fold.ts';
export * from './decide.ts';
export * from './policy.ts';
export * from './impact.ts';
export * from './queue.ts';
export * from './trend.ts';
export * from './view.ts';
export * from './escalation.ts';
