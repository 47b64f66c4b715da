import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
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
      ['tsx', 'src/cli/create-key.ts', '--role', 'admin', '--name', 'first admin'],
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

  it('refuses an unknown role with exit code 2 and the usage', { timeout: 60_000 }, async () => {
    const failed = await run('npx', ['tsx', 'src/cli/create-key.ts', '--role', 'root'], {
      cwd: API_DIR,
      env: env(),
    }).catch((error) => error);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('--role must be one of admin, analyst, participant, service.');
  });
});
