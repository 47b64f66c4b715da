import { createServer } from 'node:http';
import { createApp } from './app.js';
import { createProgressBar } from './cli/progress-bar.js';
import { readConfig } from './config.js';
import { createKeyCommand, openStore } from './db/connection.js';
import { seedDemo } from './demo/seed-demo.js';
import { migrateFacts, needsFactMigration } from './facts/migrate-facts.js';
import { readTrustedDocuments } from './plugins/use-trusted-documents.js';
import { createRepositories, ensureAllIndexes } from './repositories/index.js';

const config = readConfig();
const store = await openStore({ dataDir: config.dataDir });
await ensureAllIndexes(store.db);
const repositories = createRepositories(store.db);
if (await needsFactMigration(store.db)) {
  // A database from before fact blocks (docs/storage.md): moved once, resumable if cut.
  const progress = createProgressBar();
  const report = await migrateFacts(store.db, repositories.facts, {
    onProgress: (done, total) => progress.update('migrating facts to blocks', done, total),
  });
  progress.done();
  if (report)
    console.log(
      `Facts migrated to blocks: ${report.after.count}, ${report.verified ? 'verified' : 'NOT verified; run pnpm --filter @attain/api migrate-facts'}.`,
    );
}
const wantsDemo = config.demo === 'on' || (config.demo === 'auto' && store.embedded);
const demo = wantsDemo ? await seedDemo(repositories, (line) => console.log(line)) : null;
const app = createApp({
  db: store.db,
  repositories,
  production: config.production,
  corsOrigins: config.corsOrigins,
  consoleDir: config.consoleDir,
  trustedDocuments: config.trustedDocumentsPath
    ? { documents: readTrustedDocuments(config.trustedDocumentsPath), only: config.trustedDocumentsOnly }
    : undefined,
});
// Jobs left by a process that died are ended as INTERRUPTED (docs/security.md, "Faults").
app.backtestJobs.startReaper();
const server = createServer(app);

server.on('error', (error: NodeJS.ErrnoException) => {
  console.error(
    error.code === 'EADDRINUSE'
      ? `Port ${config.port} is in use (another Attain?). Stop it, or start on another port: PORT=4001 pnpm start`
      : `The API could not listen on ${config.host}:${config.port}: ${error.message}`,
  );
  store.close().finally(() => process.exit(1));
});

server.listen(config.port, config.host, () => {
  console.log(`Attain console at http://localhost:${config.port}/ (sign in with an API key)`);
  console.log(`Attain API: GraphiQL at http://localhost:${config.port}/graphql`);
  console.log(
    config.workers === 1
      ? 'Engine: on the main thread (ATTAIN_WORKERS=1).'
      : `Engine: up to ${config.workers} worker threads for large payout runs and backtests (ATTAIN_WORKERS).`,
  );
  console.log(`Database: ${store.description}.`);
  if (demo) {
    console.log(`Demo admin key (shown once; send it as "Authorization: Bearer <key>"):\n  ${demo.adminKey}`);
  }
  // The exact command for this server's database: with the embedded engine, its address (a
  // create-key of its own would be refused, as the files are in use).
  console.log(`Create ${demo ? 'more' : 'an'} API key${demo ? 's' : ''} with:\n  ${createKeyCommand(store)}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    // Disposing the app stops the engine pool's threads (plugins/use-engine-pool.ts).
    Promise.resolve(app.dispose())
      .finally(() => store.close())
      .finally(() => process.exit(0));
  });
}
