/**
 * Measures a 100,000-fact import on the embedded engine (or MONGODB_URI), phase by phase:
 * checking, first write, and re-sending the same batch. Prints `BENCH <name> <value>` lines.
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

  const time = async (name: string, run: () => Promise<unknown>) => {
    const start = performance.now();
    const result = await run();
    const seconds = (performance.now() - start) / 1000;
    console.log(`BENCH ${name}_seconds ${seconds.toFixed(2)}`);
    console.log(`BENCH ${name}_facts_per_second ${Math.round(count / seconds)}`);
    return result;
  };
  const first = await time('import_facts_first', () => runImport('facts', facts, repositories));
  const again = await time('import_facts_resend', () => runImport('facts', facts, repositories));
  console.error(JSON.stringify({ first, again }));
} finally {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
}
