import { defineConfig } from 'vitest/config';

const exclude = ['**/node_modules/**', '**/dist/**'];

// Test files say what they need: *.unit (pure), *.int (SQLite, HTTP, Kafka, child processes), *.e2e (several services).
export default defineConfig({
  test: {
    // Two cores: keep integration workers few so child-process tests are not starved.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/**/*.unit.test.ts', 'services/**/*.unit.test.ts', 'bench/**/*.unit.test.ts'],
          exclude,
        },
      },
      {
        test: {
          name: 'int',
          include: ['packages/**/*.int.test.ts', 'services/**/*.int.test.ts'],
          exclude,
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      // Polls wait for other processes (a worker, a browser) that two busy cores may hold up for seconds.
      {
        test: {
          name: 'e2e',
          include: ['test/**/*.e2e.test.ts', 'services/**/*.e2e.test.ts'],
          exclude,
          testTimeout: 300_000,
          hookTimeout: 120_000,
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
