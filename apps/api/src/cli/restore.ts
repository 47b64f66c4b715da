import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { restoreDataset } from '../archive/restore-dataset.js';
import { createKeyCommand } from '../db/connection.js';
import { createProgressBar } from './progress-bar.js';
import { withStore } from './with-store.js';

const USAGE = `Usage: pnpm --filter @attain/api run restore --in <file.tar.gz> [--force] [--json]

Restores an archive of the export command into the configured database (MONGODB_URI/MONGODB_DB,
else the embedded one in ATTAIN_DATA_DIR). It checks the whole archive (counts, sha256) before it
writes anything. A database that holds data is refused; --force replaces all of its data with the
archive's (nothing is merged). Restored API keys are revoked, as the archive has no secrets:
create an admin key afterwards with create-key (docs/backup.md). --json prints a summary.`;

/** Restores one archive file into the configured database and says what it did. */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      in: { type: 'string' },
      force: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.in) {
    console.error(`--in <file> is required: the archive to restore.\n\n${USAGE}`);
    return 2;
  }
  // pnpm runs the script in apps/api; a relative path means where the command was typed (INIT_CWD).
  const path = resolve(process.env.INIT_CWD ?? process.cwd(), values.in);
  const bar = createProgressBar();
  return withStore(
    async (_repositories, store) => {
      const started = performance.now();
      const summary = await restoreDataset(store.db, path, {
        force: values.force === true,
        onProgress: ({ phase, collection, done, total }) => {
          bar.update(`${phase === 'verify' ? 'checking' : 'writing '} ${collection.padEnd(22)}`, done, total);
          if (done === total)
            bar.line(`${phase === 'verify' ? 'checked' : 'wrote'} ${collection}: ${done} documents`);
        },
      });
      const documents = summary.manifest.collections.reduce(
        (sum, collection) => sum + collection.documents,
        0,
      );
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      if (values.json) {
        console.log(
          JSON.stringify(
            {
              database: store.db.databaseName,
              replaced: summary.replaced,
              keysDisabled: summary.keysDisabled,
              exportedAt: summary.manifest.exportedAt,
              source: summary.manifest.source,
              collections: summary.manifest.collections.map(({ name, documents }) => ({ name, documents })),
            },
            null,
            2,
          ),
        );
      } else {
        console.log(
          `Restored ${documents} documents of ${summary.manifest.collections.length} collections into ${store.description} in ${seconds} s${summary.replaced ? ', replacing the data it held' : ''}.`,
        );
        // The engine this command started is stopped when it ends: then the plain command, on the same files.
        const createKey = store.embedded
          ? `${process.env.ATTAIN_DATA_DIR ? `ATTAIN_DATA_DIR=${process.env.ATTAIN_DATA_DIR} ` : ''}pnpm --filter @attain/api create-key --role admin --owner "<who holds it>"`
          : createKeyCommand(store);
        console.log(
          `The archive's ${summary.keysDisabled} API keys are restored revoked (an archive holds no secrets). Create a key with:\n  ${createKey}`,
        );
      }
      return 0;
    },
    (error) => console.error(`${error.code}: ${error.message}`),
  );
}

process.exitCode = await main();
