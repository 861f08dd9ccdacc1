export * from './sweeper.ts';
