import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTION_POLICIES } from '../../src/archive/collections.js';
import { exportDataset } from '../../src/archive/export-dataset.js';
import type { ArchiveManifest } from '../../src/archive/manifest.js';
import { RestoreError, restoreDataset } from '../../src/archive/restore-dataset.js';
import { tarEnd, tarHeader, tarPadding } from '../../src/archive/tar.js';
import { createApiKey } from '../../src/auth/create-api-key.js';
import { seedDemo } from '../../src/demo/seed-demo.js';
import { ALL_INDEXES } from '../../src/repositories/index.js';
import { useTestDatabase } from '../support/database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const run = promisify(execFile);
const SRC = resolve(import.meta.dirname, '..', '..', 'src');
const PLAN_FILE = resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'docs',
  'examples',
  'team-performance.plan',
);

/** The Team Performance example with an accelerator twice as steep (as in test/backtests/backtests.test.ts). */
function steeperDraft(): string {
  const text = readFileSync(PLAN_FILE, 'utf8')
    .replace(
      'from 100% up to and including 150%: 100% to 200%',
      'from 100% up to and including 150%: 100% to 300%',
    )
    .replace('above 150%: 200%\n\ncomponent "Gross margin"', 'above 150%: 300%\n\ncomponent "Gross margin"');
  return `${text.split('\nexample ')[0]}\n`;
}

const RUNS = `{ payoutRuns(first: 10) { edges { node { id plan { name } period status total { minorUnits currency formatted } } } } }`;
const STATEMENTS = `query ($p: String!, $period: String!) { statements(participantId: $p, period: $period) {
  id total { minorUnits } totalPayable { minorUnits } adjustmentLines { amount { minorUnits } reason }
  lines { component attainment amount { minorUnits } explanationText }
  disputes { status question } } }`;
const EXPLAIN = `query ($id: ID!) { backtestExplanation(id: $id, participantId: "p-001-01", period: "2025-Q2", candidate: "steeper draft") {
  __typename ... on BacktestExplanation { plan matchesStored total { minorUnits } lines { component amount { minorUnits } explanationText } }
  ... on Error { code message } } }`;
const KEYS = '{ apiKeys { id name role revokedAt } }';

/** A hand-made archive of `collections` (name: Extended JSON lines) with a manifest that matches it. */
function handMadeArchive(
  collections: Record<string, string[]>,
  statedDocuments: Record<string, number> = {},
): Buffer {
  const now = new Date();
  const entries = Object.entries(collections).map(([name, lines]) => {
    const bytes = Buffer.from(lines.map((line) => `${line}\n`).join(''), 'utf8');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return {
      name,
      entry: `collections/${name}.ndjson`,
      documents: statedDocuments[name] ?? lines.length,
      bytes,
      sha256,
    };
  });
  const manifest = {
    kind: 'attain-dataset',
    formatVersion: 1,
    exportedAt: now.toISOString(),
    source: { app: '@attain/api', appVersion: '0.0.0', factBlockFormat: 2, database: 'hand' },
    collections: entries.map(({ bytes, ...entry }) => ({ ...entry, bytes: bytes.length })),
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest), 'utf8');
  const parts = [
    tarHeader('manifest.json', manifestBytes.length, now),
    manifestBytes,
    tarPadding(manifestBytes.length),
  ];
  for (const { entry, bytes } of entries)
    parts.push(tarHeader(entry, bytes.length, now), bytes, tarPadding(bytes.length));
  return gzipSync(Buffer.concat([...parts, tarEnd()]));
}

/** A restore's refusal, caught. */
async function refusal(promise: Promise<unknown>): Promise<RestoreError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RestoreError);
  return error as RestoreError;
}

/** The tar inside the gzip, with `edit` applied to the text of one entry's bytes, gzipped again. */
function withEntryEdited(archive: Buffer, entry: string, edit: (text: string) => string): Buffer {
  const tar = gunzipSync(archive);
  const at = tar.indexOf(Buffer.from(`${entry}\0`));
  const size = Number.parseInt(tar.subarray(at + 124, at + 135).toString('ascii'), 8);
  const body = tar.subarray(at + 512, at + 512 + size).toString('utf8');
  const edited = Buffer.from(edit(body), 'utf8');
  // Same length, so that the header's size stays right and only the checksum can tell.
  expect(edited.length).toBe(size);
  edited.copy(tar, at + 512);
  return gzipSync(tar);
}

describe('export and restore of a whole dataset', () => {
  const source = useTestDatabase();
  const target = useTestDatabase();
  const spare = useTestDatabase();
  let dir: string;
  let archive: string;
  let manifest: ArchiveManifest;
  let api: TestApp;
  let backtestId: string;
  let participantKey: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'attain-archive-test-'));
    archive = join(dir, 'dataset.tar.gz');
    api = await createTestApp(source.db);
    await seedDemo(api.repositories, () => {});
    // The pay cycle: one run approved and exported to payroll, an adjustment, a dispute.
    const runs = await api.graphql<{ payoutRuns: { edges: { node: { id: string; period: string } }[] } }>(
      RUNS,
      {},
      api.keys.admin,
    );
    const run = runs.data?.payoutRuns.edges.find((edge) => edge.node.period === '2025-Q4')?.node;
    const adjusted = await api.graphql<{ addPayoutAdjustment: { __typename: string } }>(
      `mutation { addPayoutAdjustment(planId: "team-performance", period: "2025-Q4", participantId: "p-001-01", amountMinorUnits: 12345, reason: "Spot bonus") { __typename ... on Error { message } } }`,
      {},
      api.keys.admin,
    );
    expect(adjusted.data?.addPayoutAdjustment.__typename, JSON.stringify(adjusted)).toBe('PayoutAdjustment');
    participantKey = (
      await createApiKey(api.repositories, {
        name: 'p-001-01',
        role: 'participant',
        participantId: 'p-001-01',
      })
    ).secret;
    const statement = await api.graphql<{ statements: { id: string }[] }>(
      STATEMENTS,
      { p: 'p-001-01', period: '2025-Q4' },
      participantKey,
    );
    const raised = await api.graphql<{ raisePayoutDispute: { __typename: string } }>(
      `mutation ($s: ID!) { raisePayoutDispute(statementId: $s, lineComponent: "Team revenue", question: "Is the December order in?") { __typename ... on Error { message } } }`,
      { s: statement.data?.statements[0]?.id },
      participantKey,
    );
    expect(raised.data?.raisePayoutDispute.__typename, JSON.stringify(raised)).toBe('PayoutDispute');
    const approved = await api.graphql<{ approvePayoutRun: { __typename: string } }>(
      'mutation ($r: ID!) { approvePayoutRun(runId: $r) { __typename ... on Error { message } } }',
      { r: run?.id },
      api.keys.admin,
    );
    expect(approved.data?.approvePayoutRun.__typename, JSON.stringify(approved)).toBe('PayoutApproval');
    const exported = await api.graphql<{ exportPayroll: { __typename: string } }>(
      'mutation ($r: ID!) { exportPayroll(runId: $r, format: csv) { __typename ... on Error { message } } }',
      { r: run?.id },
      api.keys.admin,
    );
    expect(exported.data?.exportPayroll.__typename, JSON.stringify(exported)).toBe('PayrollExport');
    const started = await api.graphql<{ startBacktest: { __typename: string; id: string } }>(
      `mutation ($input: StartBacktestInput!) { startBacktest(input: $input) { __typename ... on Backtest { id } ... on Error { message } } }`,
      {
        input: {
          baseline: { planId: 'team-performance' },
          candidates: [{ label: 'steeper draft', text: steeperDraft() }],
          from: '2025-Q1',
          to: '2025-Q4',
        },
      },
      api.keys.analyst,
    );
    expect(started.data?.startBacktest.__typename, JSON.stringify(started)).toBe('Backtest');
    backtestId = started.data?.startBacktest.id as string;
    await api.app.backtestJobs.idle();

    manifest = await exportDataset(source.db, archive);
    await restoreDataset(target.db, archive);
  }, 300_000);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('has a policy for every collection the code writes, so that a new one cannot be left out unnoticed', async () => {
    const found = (await source.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    const declared = ALL_INDEXES.map((declaration) => declaration.collection);
    // Collections named by a string literal in the source: `collection<...>('name')` or `const X = 'name'` beside one.
    const named = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => {
        const text = readFileSync(join(SRC, file), 'utf8');
        if (!text.includes('.collection')) return [];
        return [
          ...text.matchAll(/\.collection(?:<[^>]*>)?\('([a-z_]+)'\)/g),
          ...text.matchAll(/const [A-Z_]+ = '([a-z_]+)';/g),
        ].map((match) => match[1] as string);
      })
      // Other string constants in those files are not collection names: ours have an underscore, but for `facts`.
      .filter((name) => name.includes('_') || name === 'facts');
    const missing = [...new Set([...found, ...declared, ...named])].filter(
      (name) => !COLLECTION_POLICIES[name],
    );
    expect(missing).toEqual([]);
  });

  it('lists every collection of the source in its manifest, each with its count', async () => {
    const found = (await source.db.listCollections({}, { nameOnly: true }).toArray())
      .map((c) => c.name)
      .sort();
    expect(manifest.collections.map((collection) => collection.name).sort()).toEqual(found);
    for (const collection of manifest.collections) {
      expect(collection.documents, collection.name).toBe(
        await source.db.collection(collection.name).countDocuments(),
      );
    }
    // The pay cycle, the backtest and the facts are all in it.
    const count = (name: string) =>
      manifest.collections.find((collection) => collection.name === name)?.documents;
    expect(count('payout_approvals')).toBe(1);
    expect(count('payout_disputes')).toBe(1);
    expect(count('payroll_exports')).toBeGreaterThan(0);
    expect(count('payout_entries')).toBeGreaterThan(0);
    expect(count('backtests')).toBe(1);
    expect(count('fact_blocks')).toBeGreaterThan(0);
    expect(manifest.source).toMatchObject({ app: '@attain/api', factBlockFormat: 2 });
  });

  it('reads each commit record before the documents it commits, so that an export beside writers holds none half', () => {
    const order = manifest.collections.map((collection) => collection.name);
    const before = (first: string, then: string) =>
      expect(order.indexOf(first), `${first} before ${then}`).toBeLessThan(order.indexOf(then));
    before('fact_manifests', 'fact_blocks');
    before('fact_head', 'fact_blocks');
    before('payout_runs', 'payout_statements');
    before('payout_runs', 'payout_ledgers');
    before('backtests', 'backtest_rows');
    before('goal_snapshot_head', 'goal_snapshots');
  });

  it('writes a tar.gz that the system tar lists: the manifest first, then one NDJSON file per collection', async () => {
    const { stdout } = await run('tar', ['-tzf', archive]);
    expect(stdout.trim().split('\n')).toEqual([
      'manifest.json',
      ...manifest.collections.map((collection) => `collections/${collection.name}.ndjson`),
    ]);
  });

  it('never writes the hash of a secret into the archive', () => {
    const tar = gunzipSync(readFileSync(archive)).toString('utf8');
    expect(tar).toContain('"name":"test admin"');
    expect(tar).not.toContain('"hash"');
  });

  it('restores every collection as stored: a second export of the restored database has the same checksums, keys aside', async () => {
    const again = await exportDataset(target.db, join(dir, 'again.tar.gz'));
    const sums = (m: ArchiveManifest) =>
      m.collections
        .filter((c) => c.name !== 'api_keys')
        .map(({ name, documents, sha256 }) => ({ name, documents, sha256 }));
    expect(sums(again)).toEqual(sums(manifest));
  });

  describe('the restored database through the API', () => {
    let restored: TestApp;

    beforeAll(async () => {
      restored = await createTestApp(target.db);
    });

    it('answers none of the archived keys, the source admin key included', async () => {
      const response = await restored.graphql(RUNS, {}, api.keys.admin);
      expect(response.status).toBe(401);
      expect((await restored.graphql(RUNS, {}, participantKey)).status).toBe(401);
    });

    it("lists the archived keys' names and roles, each revoked, beside the keys created after the restore", async () => {
      const keys = await restored.graphql<{
        apiKeys: { id: string; name: string; role: string; revokedAt: string | null }[];
      }>(KEYS, {}, restored.keys.admin);
      const listed = new Map(keys.data?.apiKeys.map((key) => [key.id, key]));
      const archived = await source.db.collection('api_keys').find({}).toArray();
      expect(archived.length).toBeGreaterThan(4);
      for (const key of archived) {
        expect(listed.get(String(key._id))).toMatchObject({
          name: key.name,
          role: key.role,
          revokedAt: expect.any(String),
        });
      }
      const stored = await target.db
        .collection('api_keys')
        .find({ _id: { $in: archived.map((key) => key._id) } })
        .toArray();
      expect(stored.every((key) => String(key.hash) === `restored-without-secret:${key._id}`)).toBe(true);
      // createTestApp made four keys after the restore: those, and only those, are not revoked.
      expect([...listed.values()].filter((key) => key.revokedAt === null)).toHaveLength(4);
    });

    it('reads the same payout runs and totals', async () => {
      const before = await api.graphql(RUNS, {}, api.keys.admin);
      const after = await restored.graphql(RUNS, {}, restored.keys.admin);
      expect(after.errors).toBeUndefined();
      expect(after.data).toEqual(before.data);
      expect((after.data as { payoutRuns: { edges: unknown[] } }).payoutRuns.edges).toHaveLength(3);
    });

    it('reads the same statements, lines, explanations, adjustments and disputes', async () => {
      for (const [p, period] of [
        ['p-001-01', '2025-Q4'],
        ['p-002-02', '2025-H2'],
      ] as const) {
        const before = await api.graphql<{ statements: { lines: unknown[] }[] }>(
          STATEMENTS,
          { p, period },
          api.keys.admin,
        );
        expect(before.data?.statements[0]?.lines.length, `${p} ${period}`).toBeGreaterThan(0);
        const after = await restored.graphql(STATEMENTS, { p, period }, restored.keys.admin);
        expect(after.errors).toBeUndefined();
        expect(after.data).toEqual(before.data);
      }
      const annQ4 = await restored.graphql<{
        statements: {
          adjustmentLines: { amount: { minorUnits: number } }[];
          disputes: { status: string }[];
        }[];
      }>(STATEMENTS, { p: 'p-001-01', period: '2025-Q4' }, restored.keys.admin);
      expect(annQ4.data?.statements[0]?.adjustmentLines.map((line) => line.amount.minorUnits)).toEqual([
        12_345,
      ]);
      expect(annQ4.data?.statements[0]?.disputes.map((dispute) => dispute.status)).toEqual(['open']);
    });

    it('explains a backtest line on the facts the backtest read, as before the export', async () => {
      const before = await api.graphql(EXPLAIN, { id: backtestId }, api.keys.admin);
      const after = await restored.graphql<{
        backtestExplanation: {
          matchesStored: boolean;
          lines: { component: string; amount: { minorUnits: number } }[];
        };
      }>(EXPLAIN, { id: backtestId }, restored.keys.admin);
      expect(after.data).toEqual(before.data);
      expect(after.data?.backtestExplanation.matchesStored).toBe(true);
      // 362,283 minor units on Team revenue: computed by hand in test/backtests/backtests.test.ts.
      const line = after.data?.backtestExplanation.lines.find((l) => l.component === 'Team revenue');
      expect(line?.amount.minorUnits).toBe(362_283);
    });

    it('pays the same when a period is calculated again on the restored facts', async () => {
      const calculate = `mutation { calculatePayouts(planId: "team-performance", period: "2025-Q3") { __typename ... on PayoutRun { total { minorUnits } } ... on Error { message } } }`;
      const before = await api.graphql(calculate, {}, api.keys.admin);
      const after = await restored.graphql(calculate, {}, restored.keys.admin);
      expect(after.data).toEqual(before.data);
      expect((after.data as { calculatePayouts: { __typename: string } }).calculatePayouts.__typename).toBe(
        'PayoutRun',
      );
    });
  });

  it('copies a collection its policy list does not name, and says so', async () => {
    const other = source.client.db(`${source.db.databaseName}_unlisted`);
    try {
      await other.collection('brand_new').insertOne({ _id: 'x' as never, n: 1 });
      const unlisted: string[] = [];
      const file = join(dir, 'unlisted.tar.gz');
      const written = await exportDataset(other, file, { onUnlisted: (name) => unlisted.push(name) });
      expect(unlisted).toEqual(['brand_new']);
      expect(written.collections).toEqual([expect.objectContaining({ name: 'brand_new', documents: 1 })]);
    } finally {
      await other.dropDatabase();
    }
  });

  describe('refusals', () => {
    const collectionsOf = async () =>
      (await spare.db.listCollections({}, { nameOnly: true }).toArray()).length;

    it('refuses a database that holds data, naming what it holds, and leaves it as it was', async () => {
      const before = await target.db.collection('participants').countDocuments();
      const error = await refusal(restoreDataset(target.db, archive));
      expect(error.code).toBe('DATABASE_NOT_EMPTY');
      expect(error.message).toContain(`Database "${target.db.databaseName}" already holds data (`);
      expect(error.message).toContain('add --force to replace all of its data');
      expect(await target.db.collection('participants').countDocuments()).toBe(before);
    });

    it('replaces, not merges, with force: a collection the archive does not have is gone', async () => {
      await target.db.collection('stray').insertOne({ note: 'written after the restore' });
      await target.db.collection('participants').insertOne({ _id: 'after-restore' as never, name: 'Late' });
      const summary = await restoreDataset(target.db, archive, { force: true });
      expect(summary.replaced).toBe(true);
      const names = (await target.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
      expect(names).not.toContain('stray');
      expect(names.some((name) => name.startsWith('restore_staging__'))).toBe(false);
      expect(
        await target.db.collection('participants').findOne({ _id: 'after-restore' as never }),
      ).toBeNull();
      expect(await target.db.collection('participants').countDocuments()).toBe(
        manifest.collections.find((c) => c.name === 'participants')?.documents,
      );
    });

    it('refuses a truncated archive with ARCHIVE_TRUNCATED and writes nothing', async () => {
      const bytes = readFileSync(archive);
      const cut = join(dir, 'cut.tar.gz');
      writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
      const error = await refusal(restoreDataset(spare.db, cut));
      expect(error.code).toBe('ARCHIVE_TRUNCATED');
      expect(error.message).toContain('Nothing was written');
      expect(await collectionsOf()).toBe(0);
    });

    it('refuses an archive whose collection was altered after the export with ARCHIVE_CHECKSUM_MISMATCH, naming it', async () => {
      const altered = join(dir, 'altered.tar.gz');
      // One participant's name changed, one letter for another: same size, other bytes.
      writeFileSync(
        altered,
        withEntryEdited(readFileSync(archive), 'collections/participants.ndjson', (text) =>
          text.replace('"name":"Test Participant"', '"name":"Test Participanx"'),
        ),
      );
      const error = await refusal(restoreDataset(spare.db, altered));
      expect(error.code).toBe('ARCHIVE_CHECKSUM_MISMATCH');
      expect(error.message).toContain('collections/participants.ndjson');
      expect(await collectionsOf()).toBe(0);
    });

    it('refuses a file that is not gzip with ARCHIVE_CORRUPT, and a missing file with ARCHIVE_NOT_FOUND', async () => {
      const text = join(dir, 'notes.txt');
      writeFileSync(text, 'not an archive\n');
      expect((await refusal(restoreDataset(spare.db, text))).code).toBe('ARCHIVE_CORRUPT');
      expect((await refusal(restoreDataset(spare.db, join(dir, 'nope.tar.gz')))).code).toBe(
        'ARCHIVE_NOT_FOUND',
      );
      expect(await collectionsOf()).toBe(0);
    });

    it('stops with RESTORE_WRITE_FAILED when the database refuses a document (two with one _id), leaving nothing behind', async () => {
      const twice = join(dir, 'twice.tar.gz');
      writeFileSync(
        twice,
        handMadeArchive({
          accounts: ['{"_id":"a-1","name":"Acme"}'],
          participants: ['{"_id":"p-1","name":"Ann"}', '{"_id":"p-1","name":"Ann again"}'],
        }),
      );
      const error = await refusal(restoreDataset(spare.db, twice));
      expect(error.code).toBe('RESTORE_WRITE_FAILED');
      expect(error.message).toContain('nothing was replaced');
      expect(await collectionsOf()).toBe(0);
    });

    it('refuses an archive whose manifest states another count with ARCHIVE_COUNT_MISMATCH', async () => {
      const file = join(dir, 'count.tar.gz');
      writeFileSync(
        file,
        handMadeArchive({ participants: ['{"_id":"p-1"}', '{"_id":"p-2"}'] }, { participants: 3 }),
      );
      const error = await refusal(restoreDataset(spare.db, file));
      expect(error.code).toBe('ARCHIVE_COUNT_MISMATCH');
      expect(error.message).toContain('collections/participants.ndjson in');
      expect(error.message).toContain('holds 2 documents; its manifest states 3');
      expect(await collectionsOf()).toBe(0);
    });

    it('refuses a line that is not a document with ARCHIVE_CORRUPT, naming its record number', async () => {
      const file = join(dir, 'line.tar.gz');
      writeFileSync(
        file,
        handMadeArchive({
          accounts: ['{"_id":"a-1"}'],
          participants: ['{"_id":"p-1"}', '{"_id":"p-2"}', '{"_id": "p-3", oops}'],
        }),
      );
      const error = await refusal(restoreDataset(spare.db, file));
      expect(error.code).toBe('ARCHIVE_CORRUPT');
      expect(error.message).toContain('Record 3 of collections/participants.ndjson');
      expect(await collectionsOf()).toBe(0);
    });

    it('refuses an archive of a newer format with ARCHIVE_VERSION_UNSUPPORTED', async () => {
      const newer = join(dir, 'newer.tar.gz');
      writeFileSync(
        newer,
        withEntryEdited(readFileSync(archive), 'manifest.json', (text) =>
          text.replace('"formatVersion": 1,', '"formatVersion": 9,'),
        ),
      );
      const error = await refusal(restoreDataset(spare.db, newer));
      expect(error.code).toBe('ARCHIVE_VERSION_UNSUPPORTED');
      expect(error.message).toContain('archive format 9; this version of Attain reads format 1');
      expect(await collectionsOf()).toBe(0);
    });
  });
});
