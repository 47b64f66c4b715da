import { parseArgs } from 'node:util';
import { migrateFacts } from '../facts/migrate-facts.js';
import { createProgressBar } from './progress-bar.js';
import { withStore } from './with-store.js';

const USAGE = `Usage: pnpm --filter @attain/api migrate-facts [--chunk 10000]

Moves the facts of a database with one document per fact (the old "facts" collection) into fact
blocks (docs/storage.md). Interrupt it at any time and run it again: it resumes after the last
chunk it finished. The old collection is left in place; drop it once the run says "verified".`;

/** Runs the fact migration on the configured database with a progress bar on a terminal. */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { chunk: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const chunk = values.chunk === undefined ? undefined : Number(values.chunk);
  if (chunk !== undefined && !(Number.isInteger(chunk) && chunk >= 1 && chunk <= 100_000)) {
    console.error(`--chunk must be a whole number from 1 to 100000; got "${values.chunk}"\n\n${USAGE}`);
    return 2;
  }
  const progress = createProgressBar();
  return withStore(async (repositories, store) => {
    const report = await migrateFacts(store.db, repositories.facts, {
      ...(chunk ? { chunk } : {}),
      onProgress: (done, total) => progress.update('migrating facts', done, total),
    });
    progress.done();
    if (!report) {
      console.log('No facts to migrate: the database has no one-document-per-fact "facts" collection.');
      return 0;
    }
    console.log(`before: ${report.before.count} facts, checksum ${report.before.checksum}`);
    console.log(`after:  ${report.after.count} facts, checksum ${report.after.checksum}`);
    if (report.verified) {
      console.log('verified: every fact is in the blocks. The old "facts" collection can be dropped.');
      return 0;
    }
    console.error(
      'NOT verified: the blocks do not hold exactly the old facts (were facts imported into blocks before the migration?). Nothing was deleted; compare the two and run it again.',
    );
    return 1;
  });
}

process.exitCode = await main();
