import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'cli',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.server.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        // `attain impact` against the real API on the embedded database, as apps/api tests it.
        resolve: {
          // One graphql build for Pothos, Yoga and the API's files (see apps/api/vitest.config.ts).
          alias: [
            {
              find: /^graphql$/,
              replacement: require.resolve('graphql', { paths: [require.resolve('@attain/api')] }),
            },
          ],
        },
        test: {
          name: 'cli-server',
          include: ['test/**/*.server.test.ts'],
          globalSetup: ['../../apps/api/test/support/global-setup.ts'],
          hookTimeout: 120_000,
          testTimeout: 120_000,
        },
      },
    ],
  },
});
