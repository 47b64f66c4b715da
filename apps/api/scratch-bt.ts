import { openStore } from './src/db/connection.js';
import { seedDemo } from './src/demo/seed-demo.js';
import { createRepositories, ensureAllIndexes } from './src/repositories/index.js';

const store = await openStore({ dataDir: '/tmp/cli-db', dbName: 'attain' });
await ensureAllIndexes(store.db);
await seedDemo(createRepositories(store.db), console.log);
await store.close();
