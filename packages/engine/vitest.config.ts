import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Partitioned runs start worker threads and some tests walk 800 years of days: on a loaded
    // two-core CI machine (load 20 and more) that passed the 5 s default. A limit, not a budget.
    testTimeout: 60_000,
  },
});
