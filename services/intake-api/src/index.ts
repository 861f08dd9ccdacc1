export * from './app.ts';
export * from './error-mapping.ts';
