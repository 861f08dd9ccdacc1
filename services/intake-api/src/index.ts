export * from './app.ts';
export * from './error-mapping.ts';
export * from './start.ts';
