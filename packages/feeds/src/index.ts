export * from './message.ts';
export * from './json-schema.ts';
export * from './sink.ts';
export * from './file-sink.ts';
export * from './kafka-sink.ts';
export * from './publisher.ts';
export * from './dedupe.ts';
export * from './sdmx.ts';
