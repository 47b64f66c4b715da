/**
 * Reading a backtest's rows on the embedded engine (or MONGODB_URI): 8,000 rows (2,000
 * participants x 4 quarters, two candidates) beside another backtest of the same size, stored in
 * chunks as the API stores them, against the same rows stored one document each (how they were
 * stored before; still read, all at once). Prints:
 *
 *   BENCH rows_first_page_ms          first page of 30 by period (cold: directory + one chunk)
 *   BENCH rows_middle_page_ms         a page of 30 after row 4,000 (one more chunk)
 *   BENCH rows_sorted_first_page_ms   first page sorted by delta (cold: reads every chunk once)
 *   BENCH rows_sorted_next_page_ms    the next sorted page (warm)
 *   BENCH rows_find_one_ms            one row by participant and period (cold repository)
 *   BENCH rows_delta_histogram_ms     20 bins of a candidate's deltas (cold: the directory only)
 *   BENCH rows_one_document_each_page_ms   baseline: the old layout, a page of 30 by _id range
 *   BENCH rows_one_document_each_find_ms   baseline: the old layout, one row by _id ($in)
 *
 *   pnpm --filter @attain/api bench:rows [-- --rows 8000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { BacktestRow } from '@attain/engine';
import { Binary, BSON } from 'mongodb';
import { openStore } from '../src/db/connection.js';
import { createRepositories, ensureAllIndexes } from '../src/repositories/index.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '8000' } } });
const count = Number(values.rows);
const participants = 2_000;

const rowsOf = (): BacktestRow[] =>
  Array.from({ length: count }, (_, i) => ({
    participantId: `p-${String(i % participants).padStart(5, '0')}`,
    periodId: `2025-Q${1 + Math.floor(i / participants)}`,
    baselineMinor: 100_000 + i,
    candidates: [
      { totalMinor: 100_000 + i * 3, deltaMinor: i * 2, percentChange: null },
      { totalMinor: 100_000 + (i % 97), deltaMinor: (i % 97) - i, percentChange: null },
    ],
    components: [
      {
        component: 'Revenue',
        componentCode: 'Revenue',
        baselineMinor: 50_000,
        candidates: [
          { totalMinor: 70_000, deltaMinor: 20_000, percentChange: 0.4 },
          { totalMinor: 60_000, deltaMinor: 10_000, percentChange: 0.2 },
        ],
      },
    ],
  }));

const ms = async (f: () => Promise<unknown>) => {
  const start = performance.now();
  await f();
  return Math.round(performance.now() - start);
};
const bench = (name: string, value: number) => console.log(`BENCH ${name} ${value}`);

const dataDir = mkdtempSync(join(tmpdir(), 'attain-bench-rows-'));
const store = await openStore({ dataDir, dbName: 'bench' });
try {
  await ensureAllIndexes(store.db);
  const writer = createRepositories(store.db);
  for (const id of ['other', 'measured']) await writer.backtests.insertRows(id, rowsOf());
  // The old layout, one document per row, for two more backtests of the same size.
  const collection = store.db.collection('backtest_rows');
  for (const id of ['old-other', 'old-measured']) {
    const documents = rowsOf().map((row) => ({
      _id: `${id}/${row.periodId}/${row.participantId}`,
      backtestId: id,
      participantId: row.participantId,
      periodId: row.periodId,
      row: new Binary(BSON.serialize(row)),
    }));
    for (let i = 0; i < documents.length; i += 1_000)
      await collection.insertMany(documents.slice(i, i + 1_000) as never[], { ordered: false });
  }

  // A fresh repository for each measure, so nothing is cached from the writes or earlier reads.
  const fresh = () => createRepositories(store.db).backtests;
  bench('rows_first_page_ms', await ms(() => fresh().findRowPage('measured', { first: 30 })));
  const reader = fresh();
  await reader.findRowPage('measured', { first: 30 });
  bench('rows_middle_page_ms', await ms(() => reader.findRowPage('measured', { first: 30, after: 3_999 })));
  const sorter = fresh();
  const delta = { order: { by: 'delta' as const, candidate: 1, descending: true } };
  bench('rows_sorted_first_page_ms', await ms(() => sorter.findRowPage('measured', { first: 30 }, delta)));
  bench(
    'rows_sorted_next_page_ms',
    await ms(() => sorter.findRowPage('measured', { first: 30, after: 29 }, delta)),
  );
  bench('rows_find_one_ms', await ms(() => fresh().findRow('measured', '2025-Q3', 'p-01000')));
  bench('rows_delta_histogram_ms', await ms(() => fresh().deltaHistogram('measured', 1, 20)));
  bench(
    'rows_one_document_each_page_ms',
    await ms(() =>
      collection
        .find({ backtestId: 'old-measured', _id: { $gt: 'old-measured/2025-Q3/p-01000' } as never })
        .sort({ _id: 1 })
        .limit(31)
        .toArray(),
    ),
  );
  bench(
    'rows_one_document_each_find_ms',
    await ms(() => collection.find({ _id: { $in: ['old-measured/2025-Q3/p-01000'] } as never }).toArray()),
  );
} finally {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
}
