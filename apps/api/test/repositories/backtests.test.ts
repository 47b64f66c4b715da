import type { BacktestRow } from '@attain/engine';
import { Long } from 'mongodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { createRepositories } from '../../src/repositories/index.js';
import { useTestDatabase } from '../support/database.js';

const ROW: BacktestRow = {
  participantId: 'p-1',
  periodId: '2025-Q1',
  // More than 2^31 minor units: money must come back as the same integer, never a rounded double.
  baselineMinor: 3_000_000_000,
  candidates: [{ totalMinor: 3_000_000_150, deltaMinor: 150, percentChange: 0.00000005 }],
  components: [
    {
      component: 'Revenue',
      baselineMinor: 3_000_000_000,
      candidates: [{ totalMinor: 3_000_000_150, deltaMinor: 150, percentChange: 0.00000005 }],
    },
  ],
};

describe('backtest rows', () => {
  const store = useTestDatabase();
  let repositories: ReturnType<typeof createRepositories>;

  beforeEach(async () => {
    await store.db.dropDatabase();
    repositories = createRepositories(store.db);
  });

  it('reads back a stored row exactly, by page and by id', async () => {
    await repositories.backtests.insertRows('job-1', [ROW, { ...ROW, participantId: 'p-2' }]);
    const page = await repositories.backtests.findRowPage('job-1', { first: 1 });
    expect(page.items).toEqual([{ ...ROW, id: 'job-1/2025-Q1/p-1', backtestId: 'job-1' }]);
    expect(page.hasNextPage).toBe(true);
    const [byId] = await repositories.backtests.findRowsByIds(['job-1/2025-Q1/p-2']);
    expect(byId).toEqual({ ...ROW, participantId: 'p-2', id: 'job-1/2025-Q1/p-2', backtestId: 'job-1' });
    const filtered = await repositories.backtests.findRowPage('job-1', { first: 10 }, 'p-2');
    expect(filtered.items.map((row) => row.participantId)).toEqual(['p-2']);
  });

  it('reads rows stored with their fields at the top level, as before rows were packed', async () => {
    const money = (minor: number) => Long.fromNumber(minor);
    await store.db.collection('backtest_rows').insertOne({
      _id: 'job-0/2025-Q1/p-1' as never,
      backtestId: 'job-0',
      participantId: 'p-1',
      periodId: '2025-Q1',
      baselineMinor: money(3_000_000_000),
      candidates: [{ totalMinor: money(3_000_000_150), deltaMinor: money(150), percentChange: 0.00000005 }],
      components: [
        {
          component: 'Revenue',
          baselineMinor: money(3_000_000_000),
          candidates: [
            { totalMinor: money(3_000_000_150), deltaMinor: money(150), percentChange: 0.00000005 },
          ],
        },
      ],
    });
    const [row] = await repositories.backtests.findRowsByIds(['job-0/2025-Q1/p-1']);
    expect(row).toEqual({ ...ROW, id: 'job-0/2025-Q1/p-1', backtestId: 'job-0' });
  });
});
