export * from './store.ts';
export * from './runtime.ts';
export * from './feed-sink.ts';
export * from './principals-file.ts';
export * from './processes.ts';
export * from './service.ts';
export * from './secret-file.ts';
export * from './anchor-file.ts';
