import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Property tests run hundreds of cases; on a loaded CI machine that can pass the 5 s default.
    testTimeout: 60_000,
  },
});
