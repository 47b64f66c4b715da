/**
 * Measures a 100,000-fact import on the embedded engine (or MONGODB_URI) through the import code:
 * the first import, re-sending the same batch, and the floor (the same blocks inserted bare).
 * Prints `BENCH <name> <value>` lines.
 *
 *   pnpm --filter @attain/api bench [-- --facts 100000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openStore } from '../src/db/connection.js';
import { runImport } from '../src/imports/run-import.js';
import { BLOCK_ROWS, encodeBlock, factHash } from '../src/repositories/fact-blocks.js';
import { createRepositories, ensureAllIndexes } from '../src/repositories/index.js';

const { values } = parseArgs({ options: { facts: { type: 'string', default: '100000' } } });
const count = Number(values.facts);

const dataDir = mkdtempSync(join(tmpdir(), 'attain-bench-'));
const store = await openStore({ dataDir, dbName: 'bench' });
try {
  await ensureAllIndexes(store.db);
  const repositories = createRepositories(store.db);
  await repositories.participants.upsertMany([
    {
      id: 'p-1',
      name: 'Bench',
      role: 'kam',
      geography: 'EMEA',
      vertical: 'retail',
      currency: 'EUR',
      annualTargetIncentiveMinor: null,
      hireDate: '2020-01-01',
      terminationDate: null,
      attributes: {},
    },
  ]);
  await repositories.teams.upsertMany([{ id: 't-1', name: 'Bench team', members: [] }]);
  await repositories.accounts.upsertMany([
    {
      id: 'a-1',
      name: 'Bench account',
      teamId: 't-1',
      geography: 'EMEA',
      vertical: 'retail',
      segment: 'x',
      attributes: {},
    },
  ]);
  const facts = Array.from({ length: count }, (_, i) => ({
    id: `f-${i}`,
    kind: 'order',
    date: `2025-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
    accountId: 'a-1',
    currency: 'EUR',
    amount: 100_000 + i,
    cost: 60_000,
    productLine: 'cloud',
    repeat: false,
    credits: [{ participantId: 'p-1', share: 1 }],
  }));

  const time = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
    const start = performance.now();
    const result = await run();
    return [result, (performance.now() - start) / 1000];
  };
  const line = (name: string, value: number) => console.log(`BENCH ${name} ${Number(value.toFixed(3))}`);
  const [first, firstSeconds] = await time(() => runImport('facts', facts, repositories));
  const [again, againSeconds] = await time(() => runImport('facts', facts, repositories));
  // The floor, in the same run: the same facts already checked, encoded as the same blocks, and
  // inserted bare into a scratch collection (no validation, no hashing, no manifest).
  const stored = (await repositories.facts.findByIds(facts.map((fact) => fact.id))).sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1,
  );
  const blocks: ReturnType<typeof encodeBlock>[] = [];
  for (let start = 0; start < stored.length; ) {
    const month = stored[start]!.date.slice(0, 7);
    let end = start;
    while (end < stored.length && end - start < BLOCK_ROWS && stored[end]!.date.slice(0, 7) === month) end++;
    const slice = stored.slice(start, end);
    blocks.push(encodeBlock(`floor-${start}`, 1, slice, slice.map(factHash)));
    start = end;
  }
  const scratch = store.db.collection('bench_floor_blocks');
  const [, floorSeconds] = await time(async () => {
    for (let start = 0; start < blocks.length; start += 16)
      await scratch.insertMany(blocks.slice(start, start + 16) as never[], { ordered: false });
  });
  line('import_facts', count);
  line('import_s', firstSeconds);
  line('import_facts_per_s', Math.round(count / firstSeconds));
  line('reimport_unchanged_s', againSeconds);
  line('reimport_unchanged_facts_per_s', Math.round(count / againSeconds));
  line('import_floor_insert_blocks_s', floorSeconds);
  line('import_floor_facts_per_s', Math.round(count / floorSeconds));
  line('import_vs_floor', firstSeconds / floorSeconds);
  console.error(JSON.stringify({ first, again }));
} finally {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
}
