import { createServer } from 'node:http';
import { createApp } from './app.js';
import { readConfig } from './config.js';
import { openStore } from './db/connection.js';
import { ensureAllIndexes } from './repositories/index.js';

const config = readConfig();
const store = await openStore({ dataDir: config.dataDir });
await ensureAllIndexes(store.db);
const app = createApp({ db: store.db, production: config.production });
const server = createServer(app);

server.listen(config.port, config.host, () => {
  console.log(`Attain API: GraphiQL at http://localhost:${config.port}/graphql`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    store.close().finally(() => process.exit(0));
  });
}
