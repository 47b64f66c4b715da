import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { importFile } from '../../src/imports/import-file.js';
import { createRepositories, ensureAllIndexes, type Repositories } from '../../src/repositories/index.js';
import { useTestDatabase } from '../support/database.js';
import { ACCOUNTS, PARTICIPANTS, snapshotData, TEAMS } from '../support/org-fixtures.js';

const run = promisify(execFile);
const API_DIR = resolve(import.meta.dirname, '..', '..');

const CSV_HEADER = 'id,kind,date,accountId,currency,amount,cost,productLine,repeat,credits,attributes.region';
const CSV_ORDER =
  'f-1,order,2025-01-10,a-northwind,EUR,150000,90000,cloud,true,"[{""participantId"":""p-ada"",""share"":0.5},{""participantId"":""p-bob"",""share"":0.5}]",north';
const CSV_SURVEY_WITHOUT_SCORE = 'f-2,survey,2025-01-11,a-northwind,,,,,,,';

describe('importing files (the import command)', () => {
  const store = useTestDatabase();
  let repositories: Repositories;
  let dir: string;
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'attain-import-'));
    await ensureAllIndexes(store.db);
    repositories = createRepositories(store.db);
    await repositories.participants.upsertMany(
      PARTICIPANTS.map((p) => ({
        ...p,
        annualTargetIncentiveMinor: p.annualTargetIncentiveMinor ?? null,
        terminationDate: p.terminationDate ?? null,
        attributes: {},
      })),
    );
    await repositories.teams.upsertMany(
      TEAMS.map((team) => ({
        ...team,
        members: team.members.map((member) => ({ ...member, teamId: team.id, to: member.to ?? null })),
      })),
    );
    await repositories.accounts.upsertMany(ACCOUNTS.map((account) => ({ ...account, attributes: {} })));
  });

  it('names the CSV line of a record with a missing field and imports nothing', async () => {
    const before = await snapshotData(store.db);
    const path = file('facts.csv', [CSV_HEADER, CSV_ORDER, CSV_SURVEY_WITHOUT_SCORE].join('\n'));
    expect(await importFile(path, 'facts', repositories)).toEqual({
      status: 'rejected',
      problemCount: 1,
      problems: [{ line: 3, field: 'score', reason: 'score is required, a number from 1 to 5' }],
    });
    expect(await snapshotData(store.db)).toEqual(before);
  });

  it('reads CSV cells as numbers, booleans, JSON credits and attribute columns, and re-imports as unchanged', async () => {
    const path = file('good.csv', [CSV_HEADER, CSV_ORDER].join('\n'));
    expect(await importFile(path, 'facts', repositories)).toEqual({
      status: 'imported',
      inserted: 1,
      updated: 0,
      unchanged: 0,
    });
    expect(await importFile(path, 'facts', repositories)).toEqual({
      status: 'imported',
      inserted: 0,
      updated: 0,
      unchanged: 1,
    });
    const [stored] = await repositories.facts.findByIds(['f-1']);
    expect(stored).toMatchObject({
      values: { amount: 150_000, repeat: true },
      attributes: { region: 'north' },
      credits: [
        { participantId: 'p-ada', share: 0.5 },
        { participantId: 'p-bob', share: 0.5 },
      ],
    });
  });

  it('names the line of a record that refers to an unknown account in an NDJSON file', async () => {
    const lines = [
      JSON.stringify({ id: 'n-1', kind: 'survey', date: '2025-02-01', accountId: 'a-northwind', score: 3 }),
      '',
      JSON.stringify({ id: 'n-2', kind: 'survey', date: '2025-02-02', accountId: 'a-ghost', score: 3 }),
    ];
    const before = await snapshotData(store.db);
    const outcome = await importFile(file('facts.ndjson', lines.join('\n')), 'facts', repositories);
    expect(outcome).toMatchObject({ status: 'rejected', problems: [{ line: 3, field: 'accountId' }] });
    expect(await snapshotData(store.db)).toEqual(before);
  });

  it('names the earlier line of a duplicate id by its line number, not its record index', async () => {
    // Line 1 is the header: the first f-1 is on line 2 (record 0), the second on line 4 (record 2).
    const path = file(
      'dup.csv',
      [CSV_HEADER, CSV_ORDER, CSV_ORDER.replace('f-1', 'f-3'), CSV_ORDER].join('\n'),
    );
    expect(await importFile(path, 'facts', repositories)).toEqual({
      status: 'rejected',
      problemCount: 1,
      problems: [
        { line: 4, field: 'id', reason: 'id "f-1" is also used by line 2; each record needs its own id' },
      ],
    });
  });

  it('names a line that is not JSON and imports nothing', async () => {
    const before = await snapshotData(store.db);
    const outcome = await importFile(
      file('broken.ndjson', '{"id":"x-1","kind":"survey"}\n{"id": oops}\n'),
      'facts',
      repositories,
    );
    expect(outcome).toMatchObject({
      status: 'rejected',
      problems: [{ line: 2, reason: expect.stringContaining('not valid JSON') }],
    });
    expect(await snapshotData(store.db)).toEqual(before);
  });

  it('runs as a command: exit code 1 and file:line messages for a bad file, 0 and counts for a good one', {
    timeout: 60_000,
  }, async () => {
    const env = { ...process.env, MONGODB_URI: inject('mongoUri'), MONGODB_DB: store.db.databaseName };
    const bad = file(
      'bad.ndjson',
      `${JSON.stringify({ id: 'c-1', kind: 'survey', date: '2025-02-30', accountId: 'a-northwind', score: 3 })}\n`,
    );
    const failed = await run('npx', ['tsx', 'src/cli/import.ts', '--kind', 'facts', bad], {
      cwd: API_DIR,
      env,
    }).catch((error) => error);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(
      `${bad}:1: date: date must be a calendar day written YYYY-MM-DD, got "2025-02-30"`,
    );
    const good = file(
      'good.ndjson',
      `${JSON.stringify({ id: 'c-2', kind: 'survey', date: '2025-02-28', accountId: 'a-northwind', score: 3 })}\n`,
    );
    const done = await run('npx', ['tsx', 'src/cli/import.ts', '--kind', 'facts', good], {
      cwd: API_DIR,
      env,
    });
    expect(done.stdout).toContain('facts: 1 inserted, 0 updated, 0 unchanged.');
  });

  it('reads a relative file name from the folder the command was typed in (INIT_CWD), not apps/api', {
    timeout: 120_000,
  }, async () => {
    file(
      'relative.ndjson',
      `${JSON.stringify({ id: 'c-3', kind: 'survey', date: '2025-02-27', accountId: 'a-northwind', score: 4 })}\n`,
    );
    // pnpm runs the script in apps/api and names the folder it was typed in as INIT_CWD.
    const done = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/import.ts', '--kind', 'facts', 'relative.ndjson'],
      {
        cwd: API_DIR,
        env: {
          ...process.env,
          MONGODB_URI: inject('mongoUri'),
          MONGODB_DB: store.db.databaseName,
          INIT_CWD: dir,
        },
      },
    );
    expect(done.stdout).toContain('facts: 1 inserted, 0 updated, 0 unchanged.');
    expect(await repositories.facts.findByIds(['c-3'])).toHaveLength(1);
  });
});
