import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type ConsoleKeys, chromiumPath, startConsoleServer, WEB_DIR } from './console-server';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Null when there is no Chromium: the browser tests are skipped. */
    chromium: string | null;
    baseUrl: string;
    keys: ConsoleKeys;
  }
}

/**
 * Builds the console and starts one API process (on the embedded database, with the demo data)
 * for the whole browser suite. Without Chromium it does neither and says how to get it.
 */
export default async function setup(project: TestProject) {
  const chromium = chromiumPath();
  project.provide('chromium', chromium);
  if (!chromium) {
    console.warn(
      [
        '',
        'SKIPPED: the console browser tests (apps/web) need Chromium, which is not installed.',
        '  Install it with `apt-get install -y chromium` (Debian; sudo if not root),',
        '  or point ATTAIN_CHROMIUM at a Chromium binary, then run `pnpm --filter @attain/web test`.',
        '',
      ].join('\n'),
    );
    project.provide('baseUrl', '');
    project.provide('keys', { admin: '', analyst: '', participant: '', revoked: '' });
    return;
  }
  // A production build, as `pnpm start` serves: vitest's NODE_ENV=test would give React's development build.
  execFileSync(
    process.execPath,
    [join(WEB_DIR, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: WEB_DIR,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: 'inherit',
    },
  );
  const server = await startConsoleServer();
  project.provide('baseUrl', server.baseUrl);
  project.provide('keys', server.keys);
  return () => server.stop();
}
