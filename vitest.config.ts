import { defineConfig } from 'vitest/config';

const exclude = ['**/node_modules/**', '**/dist/**'];

// Test files say what they need: *.unit (pure), *.int (SQLite, HTTP, Kafka, child processes), *.e2e (several services).
export default defineConfig({
  test: {
    // Two cores: keep integration workers few so child-process tests are not starved.
    maxWorkers: 2,
    projects: [
      { test: { name: 'unit', include: ['packages/**/*.unit.test.ts', 'services/**/*.unit.test.ts', 'bench/**/*.unit.test.ts'], exclude } },
      { test: { name: 'int', include: ['packages/**/*.int.test.ts', 'services/**/*.int.test.ts'], exclude, testTimeout: 120_000, hookTimeout: 60_000 } },
      { test: { name: 'e2e', include: ['test/**/*.e2e.test.ts', 'services/**/*.e2e.test.ts'], exclude, testTimeout: 300_000, hookTimeout: 120_000 } },
    ],
  },
});
