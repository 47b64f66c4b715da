import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One embedded engine for the whole run; each test file gets its own database in it.
    globalSetup: ['./test/support/global-setup.ts'],
    // The first run builds FerretDB from the Go module proxy, which takes a minute or two.
    hookTimeout: 120_000,
    testTimeout: 60_000,
  },
});
