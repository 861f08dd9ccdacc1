export * from './errors.ts';
export * from './unit-code.ts';
export * from './period.ts';
export * from './deadline.ts';
export * from './indicator-value.ts';
export * from './form.ts';
export * from './report-events.ts';
export * from './report-decider.ts';
