import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Node loads graphql's CommonJS build for Pothos and Yoga; without this alias Vite would give
    // our own files the ES module build, and the two GraphQLError/GraphQLObjectType classes would
    // not recognise each other's instances (tsx in production loads one build for everyone).
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    // One embedded engine for the whole run; each test file gets its own database in it.
    globalSetup: ['./test/support/global-setup.ts'],
    // The first run builds FerretDB from the Go module proxy, which takes a minute or two.
    hookTimeout: 120_000,
    testTimeout: 60_000,
  },
});
