import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { importFile } from '../imports/import-file.js';
import { IMPORT_KINDS, type ImportKind } from '../imports/run-import.js';
import { createProgressBar } from './progress-bar.js';
import { withStore } from './with-store.js';

const USAGE = `Usage: pnpm --filter @attain/api import-file --kind <${IMPORT_KINDS.join('|')}> <file.csv|file.ndjson>`;

/** Imports a file into the configured database with the same checks as the import mutations. */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { kind: { type: 'string' }, help: { type: 'boolean' } },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const kind = values.kind as ImportKind;
  const path = positionals[0];
  if (!IMPORT_KINDS.includes(kind) || path === undefined || positionals.length > 1) {
    console.error(USAGE);
    return 2;
  }
  const progress = createProgressBar();
  const report = (error: Error) => {
    progress.done();
    console.error(error.message);
  };
  return withStore(async (repositories) => {
    // pnpm runs the script in apps/api; a relative path means where the command was typed (INIT_CWD).
    const file = resolve(process.env.INIT_CWD ?? process.cwd(), path);
    const outcome = await importFile(file, kind, repositories, (written, total) =>
      progress.update(`writing ${kind}`, written, total),
    );
    progress.done();
    if (outcome.status === 'imported') {
      console.log(
        `${kind}: ${outcome.inserted} inserted, ${outcome.updated} updated, ${outcome.unchanged} unchanged.`,
      );
      return 0;
    }
    for (const { line, field, reason } of outcome.problems) {
      console.error(`${path}:${line}: ${field ? `${field}: ` : ''}${reason}`);
    }
    const more = outcome.problemCount - outcome.problems.length;
    if (more > 0) console.error(`...and ${more} more.`);
    console.error(
      `Nothing was imported: fix the ${outcome.problemCount} problem(s) above and run the import again.`,
    );
    return 1;
  }, report);
}

process.exitCode = await main();
