import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // As in apps/api: one graphql build (CommonJS) for Pothos, Yoga and the API's own files.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // One browser suite against one API process: the files share the server of the global setup.
    globalSetup: ['./test/support/global-setup.ts'],
    fileParallelism: false,
    // The first run builds the embedded database from the Go module proxy.
    hookTimeout: 180_000,
    testTimeout: 60_000,
  },
});
