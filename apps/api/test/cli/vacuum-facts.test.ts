import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import type { Fact } from '../../src/repositories/facts.js';
import { createRepositories } from '../../src/repositories/index.js';
import { useTestDatabase } from '../support/database.js';

const run = promisify(execFile);
const API_DIR = resolve(import.meta.dirname, '..', '..');

const order = (id: string, amount: number): Fact => ({
  id,
  kind: 'order',
  date: '2025-01-10',
  accountId: 'a-1',
  currency: 'EUR',
  credits: [{ participantId: 'p-1', share: 1 }],
  values: { amount, cost: 0, productLine: 'cloud', repeat: false },
  attributes: {},
});

describe('the vacuum-facts command', () => {
  const store = useTestDatabase();
  const env = () => ({ ...process.env, MONGODB_URI: inject('mongoUri'), MONGODB_DB: store.db.databaseName });

  it('removes the blocks of a superseded generation no run read, and says what it kept', {
    timeout: 60_000,
  }, async () => {
    const { facts } = createRepositories(store.db);
    // Generation 1 writes block A; 2 supersedes o-1 in block B; 3 compacts both into C.
    await facts.upsertMany([order('o-1', 100), order('o-2', 200)]);
    await facts.upsertMany([order('o-1', 150)]);
    await facts.compact();
    const { stdout } = await run('npx', ['tsx', 'src/cli/vacuum-facts.ts', '--grace-minutes', '0'], {
      cwd: API_DIR,
      env: env(),
    });
    // No run read anything: only generation 3 stays, and A and B go.
    expect(stdout.trim()).toBe('Removed 2 fact blocks and 2 generations; kept 1 generation (3).');
    expect(await store.db.collection('fact_blocks').countDocuments()).toBe(1);
  });

  it('refuses a grace that is not a whole number of minutes, with exit code 2 and the usage', {
    timeout: 60_000,
  }, async () => {
    const failed = await run('npx', ['tsx', 'src/cli/vacuum-facts.ts', '--grace-minutes', 'soon'], {
      cwd: API_DIR,
      env: env(),
    }).catch((error) => error);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('--grace-minutes must be a whole number from 0 to 525600; got "soon"');
  });
});
