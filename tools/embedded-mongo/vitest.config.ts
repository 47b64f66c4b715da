import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The first run builds FerretDB from the Go module proxy, which takes a minute or two.
    hookTimeout: 300_000,
    testTimeout: 60_000,
  },
});
