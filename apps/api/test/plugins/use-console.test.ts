import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { CONSOLE_CSP } from '../../src/plugins/use-console.js';
import { useTestDatabase } from '../support/database.js';

/** A build folder like apps/web/dist, with a secret beside it that must never be served. */
function makeBuild(): { root: string; dist: string } {
  const root = mkdtempSync(join(tmpdir(), 'attain-console-'));
  const dist = join(root, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(
    join(dist, 'index.html'),
    '<!doctype html><script type="module" src="/assets/main-abc.js"></script>',
  );
  writeFileSync(join(dist, 'assets', 'main-abc.js'), 'console.log("console");');
  writeFileSync(join(dist, 'assets', 'main-abc.css'), 'body{}');
  writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dist, 'assets', 'notes.exe'), 'MZ');
  writeFileSync(join(root, 'secret.txt'), 'do not serve');
  return { root, dist };
}

/** GET with the path sent exactly as written (fetch would normalise `..` away first). */
function rawGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the API serves the built console at /', () => {
  const store = useTestDatabase();
  const build = makeBuild();
  let app: App;

  beforeAll(() => {
    app = createApp({ db: store.db, consoleDir: build.dist });
  });
  afterAll(() => rmSync(build.root, { recursive: true, force: true }));

  it('serves index.html at / and at any page path, with the CSP and never cached', async () => {
    for (const path of ['/', '/plans/team-performance', '/statements/p-001-01/2025-Q4']) {
      const response = await app.fetch(`http://yoga${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy'), path).toBe(CONSOLE_CSP);
      expect(response.headers.get('cache-control'), path).toBe('no-cache');
      expect(await response.text(), path).toContain('/assets/main-abc.js');
    }
  });

  it('serves the build files with their media types, hashed assets cached for good', async () => {
    const script = await app.fetch('http://yoga/assets/main-abc.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toContain('immutable');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await script.text()).toBe('console.log("console");');
    expect((await app.fetch('http://yoga/assets/main-abc.css')).headers.get('content-type')).toBe(
      'text/css; charset=utf-8',
    );
    expect((await app.fetch('http://yoga/favicon.svg')).headers.get('content-type')).toBe('image/svg+xml');
  });

  it('answers 404 for a missing file or a kind of file the build does not make', async () => {
    expect((await app.fetch('http://yoga/assets/missing.js')).status).toBe(404);
    expect((await app.fetch('http://yoga/assets/notes.exe')).status).toBe(404);
  });

  it('never serves a file outside the build folder, however the path is written', async () => {
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      for (const path of [
        '/../secret.txt',
        '/assets/../../secret.txt',
        '/assets/..%2f..%2fsecret.txt',
        '/assets/%2e%2e/%2e%2e/secret.txt',
        '/..%5csecret.txt',
        '/assets/....//secret.txt',
      ]) {
        const { status, body } = await rawGet(port, path);
        expect(body, path).not.toContain('do not serve');
        // Either refused or the console's page (a page path), never the file.
        expect([200, 404], path).toContain(status);
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('leaves /graphql to the API: a GET page request there is not the console', async () => {
    const response = await app.fetch('http://yoga/graphql?query=%7B__typename%7D', {
      headers: { accept: 'application/json' },
    });
    expect(response.headers.get('content-type')).toContain('application/json');
  });

  it('says how to build the console when it is not built', async () => {
    const unbuilt = createApp({ db: store.db, consoleDir: join(build.root, 'no-such-dist') });
    const response = await unbuilt.fetch('http://yoga/');
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('pnpm --filter @attain/web build');
  });

  it('serves no console when the app is built without one', async () => {
    const plain = createApp({ db: store.db });
    expect((await plain.fetch('http://yoga/assets/main-abc.js')).status).toBe(404);
  });
});
