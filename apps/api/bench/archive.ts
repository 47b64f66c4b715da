/**
 * Measures export and restore (src/archive) on the embedded engine (or MONGODB_URI): the demo
 * dataset, then a database of --facts order facts (100,000 by default) beside the demo org. The
 * floor, in the same run: every collection copied document by document into another database
 * (find, then insertMany in the same chunks), with no NDJSON, gzip, checksums or staging.
 * Prints `BENCH <name> <value>` lines.
 *
 *   pnpm --filter @attain/api bench:archive [-- --facts 100000]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { BSON, type Db, type Document } from 'mongodb';
import { exportDataset } from '../src/archive/export-dataset.js';
import { restoreDataset } from '../src/archive/restore-dataset.js';
import { openStore } from '../src/db/connection.js';
import { seedDemo } from '../src/demo/seed-demo.js';
import { runImport } from '../src/imports/run-import.js';
import { createRepositories, ensureAllIndexes } from '../src/repositories/index.js';

const { values } = parseArgs({ options: { facts: { type: 'string', default: '100000' } } });
const count = Number(values.facts);

const line = (name: string, value: number) => console.log(`BENCH ${name} ${Number(value.toFixed(3))}`);
const time = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
  const start = performance.now();
  const result = await run();
  return [result, (performance.now() - start) / 1000];
};

/** The floor: each collection read and inserted bare into `to`, 1,000 documents or 8 MB a call. */
async function rawCopy(from: Db, to: Db): Promise<void> {
  for (const { name } of await from.listCollections({}, { nameOnly: true }).toArray()) {
    let batch: Document[] = [];
    let bytes = 0;
    for await (const document of from.collection(name).find({}, { promoteValues: false })) {
      batch.push(document);
      bytes += BSON.calculateObjectSize(document);
      if (batch.length >= 1_000 || bytes >= 8 << 20) {
        await to.collection(name).insertMany(batch, { ordered: false });
        batch = [];
        bytes = 0;
      }
    }
    if (batch.length > 0) await to.collection(name).insertMany(batch, { ordered: false });
  }
}

/** Stored fact rows of the current generation: what "facts" means in the lines below. */
async function factRows(db: Db): Promise<number> {
  const current = await createRepositories(db).facts.current();
  return current.blocks.reduce((sum, block) => sum + block.live, 0);
}

const dataDir = mkdtempSync(join(tmpdir(), 'attain-bench-archive-'));
const work = mkdtempSync(join(tmpdir(), 'attain-bench-archive-files-'));
const store = await openStore({ dataDir, dbName: 'bench_archive' });
const db = (name: string) => store.client.db(`bench_archive_${name}`);
try {
  for (const scenario of ['demo', 'facts'] as const) {
    const source = db(`${scenario}_source`);
    await ensureAllIndexes(source);
    const repositories = createRepositories(source);
    await seedDemo(repositories, () => {});
    if (scenario === 'facts') {
      // On an account of the demo, credited to a member of its team.
      const account = await source.collection('accounts').findOne({});
      const team = await source.collection('teams').findOne({ _id: account?.teamId });
      const participantId = team?.members?.[0]?.participantId;
      const facts = Array.from({ length: count }, (_, i) => ({
        id: `bench-${i}`,
        kind: 'order',
        date: `2025-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
        accountId: String(account?._id),
        currency: 'USD',
        amount: 100_000 + i,
        cost: 60_000,
        productLine: 'cloud',
        repeat: false,
        credits: [{ participantId, share: 1 }],
      }));
      for (let start = 0; start < facts.length; start += 50_000) {
        const outcome = await runImport('facts', facts.slice(start, start + 50_000), repositories);
        if (outcome.status === 'rejected') throw new Error(JSON.stringify(outcome.errors.slice(0, 3)));
      }
    }
    const rows = await factRows(source);
    const file = join(work, `${scenario}.tar.gz`);
    const [, floorSeconds] = await time(() => rawCopy(source, db(`${scenario}_floor`)));
    const [manifest, exportSeconds] = await time(() => exportDataset(source, file));
    // The restore's first pass (reading and checking the whole archive) ends at its first write.
    let writeStarted = 0;
    const restoreStarted = performance.now();
    const [, restoreSeconds] = await time(() =>
      restoreDataset(db(`${scenario}_restored`), file, {
        onProgress: ({ phase }) => {
          if (phase === 'write' && writeStarted === 0) writeStarted = performance.now();
        },
      }),
    );
    // The floor again, after: the machine is shared, so its load moves between the two.
    const [, floorAgainSeconds] = await time(() => rawCopy(source, db(`${scenario}_floor_again`)));
    const floor = Math.min(floorSeconds, floorAgainSeconds);
    const documents = manifest.collections.reduce((sum, collection) => sum + collection.documents, 0);
    const prefix = scenario === 'demo' ? 'demo_' : '';
    line(`${prefix}facts`, rows);
    line(`${prefix}documents`, documents);
    line(`${prefix}archive_bytes_per_fact`, statSync(file).size / rows);
    line(`${prefix}export_s`, exportSeconds);
    line(`${prefix}export_facts_per_s`, Math.round(rows / exportSeconds));
    line(`${prefix}restore_s`, restoreSeconds);
    line(`${prefix}restore_facts_per_s`, Math.round(rows / restoreSeconds));
    line(`${prefix}restore_check_pass_s`, (writeStarted - restoreStarted) / 1000);
    line(`${prefix}floor_raw_copy_s`, floorSeconds);
    line(`${prefix}floor_raw_copy_again_s`, floorAgainSeconds);
    line(`${prefix}floor_raw_copy_facts_per_s`, Math.round(rows / floor));
    line(`${prefix}export_vs_floor`, exportSeconds / floor);
    line(`${prefix}restore_vs_floor`, restoreSeconds / floor);
  }
} finally {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
}
