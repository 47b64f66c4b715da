import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hashKeySecret } from '../../src/auth/key-secret.js';
import { useTestDatabase } from '../support/database.js';

const run = promisify(execFile);
const API_DIR = resolve(import.meta.dirname, '..', '..');

describe('the create-key command', () => {
  const store = useTestDatabase();
  const env = () => ({ ...process.env, MONGODB_URI: inject('mongoUri'), MONGODB_DB: store.db.databaseName });

  it('prints a new admin key once and stores only its hash', { timeout: 60_000 }, async () => {
    const { stdout } = await run(
      'npx',
      [
        'tsx',
        'src/cli/create-key.ts',
        '--role',
        'admin',
        '--name',
        'first admin',
        '--owner',
        'dana@example.com',
      ],
      {
        cwd: API_DIR,
        env: env(),
      },
    );
    const secret = stdout.trim().split('\n').at(-1) ?? '';
    expect(secret).toMatch(/^attain_[A-Za-z0-9_-]{43}$/);
    const stored = await store.db.collection('api_keys').find({}).toArray();
    expect(stored).toEqual([
      expect.objectContaining({ name: 'first admin', role: 'admin', hash: hashKeySecret(secret) }),
    ]);
  });

  it('refuses an admin key without an owner with exit code 2, saying how to give one', {
    timeout: 60_000,
  }, async () => {
    const failed = await run('npx', ['tsx', 'src/cli/create-key.ts', '--role', 'admin'], {
      cwd: API_DIR,
      env: env(),
    }).catch((error) => error);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain(
      'an admin key needs --owner: who holds it, e.g. --owner "dana@example.com"',
    );
    expect(failed.stderr).not.toContain('    at ');
  });

  it('refuses an unknown role with exit code 2 and the usage', { timeout: 60_000 }, async () => {
    const failed = await run('npx', ['tsx', 'src/cli/create-key.ts', '--role', 'root'], {
      cwd: API_DIR,
      env: env(),
    }).catch((error) => error);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('--role must be one of admin, analyst, participant, service.');
  });
});

/** A free loopback port, for an API started by a test. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolveClose) => server.close(resolveClose));
  return port;
}

describe('create-key beside a running API on the embedded database', () => {
  let dataDir: string;
  let api: ChildProcess;
  let port: number;
  let banner = '';
  // The API's own database, not the run's MONGODB_URI: that is the case the banner is for.
  const env = () => {
    const { MONGODB_URI: _uri, MONGODB_DB: _db, ...rest } = process.env;
    return { ...rest, ATTAIN_DATA_DIR: dataDir, ATTAIN_DEMO: '0', PORT: String(port) };
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'attain-create-key-'));
    port = await freePort();
    // One node process (not npx > tsx > node), so the SIGTERM in afterAll reaches the API itself.
    api = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: API_DIR,
      env: env(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    api.stdout?.setEncoding('utf8');
    api.stderr?.setEncoding('utf8');
    api.stderr?.on('data', (chunk: string) => {
      banner += chunk;
    });
    await new Promise<void>((resolveBanner, reject) => {
      api.stdout?.on('data', (chunk: string) => {
        banner += chunk;
        if (/Create an API key with:\n {2}.+\n/.test(banner)) resolveBanner();
      });
      api.once('exit', (code) => reject(new Error(`The API exited (${code}):\n${banner}`)));
    });
  }, 120_000);

  afterAll(async () => {
    if (api && api.exitCode === null) {
      const exited = new Promise((resolveExit) => api.once('exit', resolveExit));
      api.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses to start a second engine on the files the API holds, naming the process and the fix', {
    timeout: 60_000,
  }, async () => {
    // node itself, not npx: under `pnpm test`, npm warns on stderr about pnpm's npm_config_*
    // variables, and this test reads stderr whole.
    const failed = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/create-key.ts', '--role', 'admin', '--owner', 'dana@example.com'],
      {
        cwd: API_DIR,
        env: env(),
      },
    ).catch((error) => error);
    expect(failed.code).toBe(1);
    const lock = JSON.parse(readFileSync(join(dataDir, 'embedded-mongo.lock'), 'utf8'));
    expect(failed.stderr.trim()).toBe(
      `The embedded database in ${dataDir} is in use by process ${lock.pid} (since ${lock.startedAt}, serving it at ${lock.uri}), so a second engine was not started on the same files. To use that database, run the command again with MONGODB_URI=${lock.uri} (the API's start-up banner prints the whole command), or stop process ${lock.pid} first.`,
    );
  });

  it('prints a command in the banner that creates a key the running API accepts, and says where it wrote', {
    timeout: 60_000,
  }, async () => {
    const command = /Create an API key with:\n {2}(.+)\n/.exec(banner)?.[1] ?? '';
    expect(command).toMatch(
      /^MONGODB_URI='mongodb:\/\/127\.0\.0\.1:\d+\/' pnpm --filter @attain\/api create-key --role admin --owner "<who holds it>"$/,
    );
    // Run as a person would paste it, from the repository root.
    const { stdout } = await run('sh', ['-c', command], { cwd: resolve(API_DIR, '../..'), env: env() });
    const lock = JSON.parse(readFileSync(join(dataDir, 'embedded-mongo.lock'), 'utf8'));
    expect(stdout).toContain(`in database "attain" on ${lock.uri.replace(/\/$/, '')} (MONGODB_URI).`);
    const secret = stdout.trim().split('\n').at(-1) ?? '';
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ query: '{ viewer { role } }' }),
    });
    expect(await response.json()).toEqual({ data: { viewer: { role: 'admin' } } });
  });
});
