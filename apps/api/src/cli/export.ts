import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { exportDataset } from '../archive/export-dataset.js';
import { createProgressBar } from './progress-bar.js';
import { withStore } from './with-store.js';

const USAGE = `Usage: pnpm --filter @attain/api run export --out <file.tar.gz> [--json]

Writes every collection of the configured database (MONGODB_URI/MONGODB_DB, else the embedded
one in ATTAIN_DATA_DIR) into one gzipped tar: manifest.json with counts and sha256 checksums,
then one NDJSON file per collection. API keys are exported without their secrets
(docs/backup.md). --json prints the manifest on stdout when done.`;

/** Exports the configured database to one archive file and says what it wrote. */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.out) {
    console.error(`--out <file> is required: where to write the archive.\n\n${USAGE}`);
    return 2;
  }
  // pnpm runs the script in apps/api; a relative path means where the command was typed (INIT_CWD).
  const out = resolve(process.env.INIT_CWD ?? process.cwd(), values.out);
  if (existsSync(out)) {
    console.error(`${out} already exists; give another file name (an export never overwrites one).`);
    return 2;
  }
  const bar = createProgressBar();
  return withStore(async (_repositories, store) => {
    const started = performance.now();
    const manifest = await exportDataset(store.db, out, {
      onProgress: ({ collection, done, total }) => bar.update(collection.padEnd(22), done, total),
      onCollection: ({ name, documents }) => bar.line(`${name}: ${documents} documents`),
      onUnlisted: (name) =>
        console.error(
          `warning: collection ${name} is not in COLLECTION_POLICIES (src/archive/collections.ts); copied as stored.`,
        ),
    });
    const documents = manifest.collections.reduce((sum, collection) => sum + collection.documents, 0);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (values.json) console.log(JSON.stringify(manifest, null, 2));
    else {
      console.log(
        `Exported ${documents} documents of ${manifest.collections.length} collections from ${store.description} to ${out} in ${seconds} s.`,
      );
    }
    return 0;
  });
}

process.exitCode = await main();
