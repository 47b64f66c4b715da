import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { STAGING_PREFIX } from '../../src/archive/collections.js';
import { hashKeySecret } from '../../src/auth/key-secret.js';
import { useTestDatabase } from '../support/database.js';
import { documentedCommands, REPO_ROOT } from '../support/shell-commands.js';
import { createTestApp } from '../support/test-app.js';

const run = promisify(execFile);
const API_DIR = resolve(import.meta.dirname, '..', '..');

/** Runs one of the CLIs with node itself (not npx, whose warnings would land in stderr) on database `db`. */
function cli(script: string, args: string[], db: string, env: Record<string, string> = {}) {
  return run(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`, ...args], {
    cwd: API_DIR,
    env: { ...process.env, MONGODB_URI: inject('mongoUri'), MONGODB_DB: db, ...env },
  });
}

describe('the export and restore commands', () => {
  const source = useTestDatabase();
  const target = useTestDatabase();
  const copy = useTestDatabase();
  let dir: string;
  let archive: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'attain-archive-cli-'));
    archive = join(dir, 'attain.tar.gz');
    await createTestApp(source.db);
    // An interrupted earlier restore left a staging collection behind in the target.
    await target.db.collection(`${STAGING_PREFIX}participants`).insertOne({ _id: 'half-done' as never });
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exports with --json: the manifest on stdout, one plain line per collection on a piped stderr', {
    timeout: 120_000,
  }, async () => {
    // A relative path is where the command was typed (pnpm gives it as INIT_CWD), not apps/api.
    const { stdout, stderr } = await cli(
      'export',
      ['--out', 'attain.tar.gz', '--json'],
      source.db.databaseName,
      {
        INIT_CWD: dir,
      },
    );
    const manifest = JSON.parse(stdout);
    expect(manifest).toMatchObject({ kind: 'attain-dataset', formatVersion: 1 });
    const participants = manifest.collections.find((c: { name: string }) => c.name === 'participants');
    expect(participants).toMatchObject({ documents: 1, entry: 'collections/participants.ndjson' });
    expect(participants.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Not a terminal: no carriage-return bar, a line per collection instead.
    expect(stderr).not.toContain('\r');
    expect(stderr).toContain('participants: 1 documents\n');
    expect(stderr).toContain('api_keys: 4 documents\n');
    expect(existsSync(archive)).toBe(true);
  });

  it('never overwrites a file: exit code 2, the file as it was', { timeout: 60_000 }, async () => {
    const before = readFileSync(archive);
    const failed = await cli('export', ['--out', archive], source.db.databaseName).catch((error) => error);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain(`${archive} already exists; give another file name`);
    expect(readFileSync(archive).equals(before)).toBe(true);
  });

  it('says why it cannot write into a folder that does not exist, with exit code 1 and no stack trace', {
    timeout: 60_000,
  }, async () => {
    const out = join(dir, 'no-such-folder', 'x.tar.gz');
    const failed = await cli('export', ['--out', out], source.db.databaseName).catch((error) => error);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`Could not write the archive ${out} (ENOENT:`);
    expect(failed.stderr).not.toContain('    at ');
  });

  it('restores into an empty database (dropping what an interrupted restore left), and says the keys need creating', {
    timeout: 120_000,
  }, async () => {
    const { stdout, stderr } = await cli('restore', ['--in', archive], target.db.databaseName);
    expect(stdout).toContain(`Restored `);
    expect(stdout).toContain(`database "${target.db.databaseName}"`);
    expect(stdout).toContain(
      `The archive's 4 API keys are restored revoked (an archive holds no secrets). Create a key with:\n  MONGODB_URI='${inject('mongoUri')}' MONGODB_DB=${target.db.databaseName} pnpm --filter @attain/api create-key --role admin --owner "<who holds it>"\n`,
    );
    expect(stderr).toContain('checked participants: 1 documents\n');
    expect(stderr).toContain('wrote participants: 1 documents\n');
    expect(await target.db.collection('participants').find({}).toArray()).toEqual([
      expect.objectContaining({ _id: 'test-participant', name: 'Test Participant' }),
    ]);
    const names = (await target.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    expect(names.filter((name) => name.startsWith(STAGING_PREFIX))).toEqual([]);
  });

  it('refuses to restore into that database again with exit code 1 and DATABASE_NOT_EMPTY', {
    timeout: 120_000,
  }, async () => {
    const failed = await cli('restore', ['--in', archive], target.db.databaseName).catch((error) => error);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(
      `DATABASE_NOT_EMPTY: Database "${target.db.databaseName}" already holds data (`,
    );
  });

  it('replaces it with --force and says so in the --json summary', { timeout: 120_000 }, async () => {
    const { stdout } = await cli('restore', ['--in', archive, '--force', '--json'], target.db.databaseName);
    expect(JSON.parse(stdout)).toMatchObject({
      database: target.db.databaseName,
      replaced: true,
      keysDisabled: 4,
      collections: expect.arrayContaining([{ name: 'participants', documents: 1 }]),
    });
  });

  it('runs the commands of docs/backup.md as written: export, restore into another database, create-key', {
    timeout: 180_000,
  }, async () => {
    const [exported, restored, created] = documentedCommands('docs/backup.md');
    expect(exported?.argv.slice(0, 5)).toEqual(['pnpm', '--filter', '@attain/api', 'run', 'export']);
    expect(restored?.argv.slice(0, 5)).toEqual(['pnpm', '--filter', '@attain/api', 'run', 'restore']);
    expect(created?.argv.slice(0, 4)).toEqual(['pnpm', '--filter', '@attain/api', 'create-key']);
    // From a directory of our own, so that the archive lands there (pnpm passes it as INIT_CWD).
    const work = mkdtempSync(join(tmpdir(), 'attain-backup-doc-'));
    try {
      const pnpm = (command: typeof exported, db: string) =>
        run('pnpm', ['-C', REPO_ROOT, ...(command?.argv.slice(1) ?? [])], {
          cwd: work,
          env: { ...process.env, MONGODB_URI: inject('mongoUri'), MONGODB_DB: db },
        });
      await pnpm(exported, source.db.databaseName);
      await pnpm(restored, copy.db.databaseName);
      const { stdout } = await pnpm(created, copy.db.databaseName);
      const secret = stdout.trim().split('\n').at(-1) ?? '';
      expect(await copy.db.collection('participants').countDocuments()).toBe(1);
      // The restored keys are revoked; the one create-key made is the only one that works.
      const active = await copy.db.collection('api_keys').find({ revokedAt: null }).toArray();
      expect(active.map((key) => key.hash)).toEqual([hashKeySecret(secret)]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('asks for --in with exit code 2 and the usage', { timeout: 60_000 }, async () => {
    const failed = await cli('restore', [], target.db.databaseName).catch((error) => error);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('--in <file> is required');
    expect(failed.stderr).toContain('Usage: pnpm --filter @attain/api run restore --in <file.tar.gz>');
  });
});
