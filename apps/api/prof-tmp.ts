import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore } from './src/db/connection.js';

const store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'p-')), dbName: 'p' });
const c = store.db.collection<any>('x');
const N = 20000;
const docs = Array.from({ length: N }, (_, i) => ({
  _id: `f-${i}`,
  kind: 'order',
  accountId: 'a',
  amount: i,
  attributes: {},
}));
await c.insertMany(docs, { ordered: false });
let t = performance.now();
for (let i = 0; i < 20; i++) await c.findOne({ _id: `f-${N - 1 - i}` });
console.log('20 findOne last ids', performance.now() - t);
t = performance.now();
for (let i = 0; i < 20; i++) await c.find({ _id: `f-${N - 1 - i}` }).toArray();
console.log('20 find last ids', performance.now() - t);
t = performance.now();
await c.find({ _id: { $in: docs.slice(0, 100).map((d) => d._id) } }).toArray();
console.log('$in 100', performance.now() - t);
t = performance.now();
await c.find({ _id: { $gte: 'f-19990' } }).toArray();
console.log('range', performance.now() - t);
t = performance.now();
await c.find({}).toArray();
console.log('scan all', performance.now() - t);
t = performance.now();
const explain = await c.find({ _id: 'f-5' }).explain();
console.log(JSON.stringify(explain).slice(0, 600));
await store.close();
