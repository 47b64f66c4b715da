import type { BacktestRow } from '@attain/engine';
import { Binary, Long } from 'mongodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { RowChunkReader, writeRowChunks } from '../../src/repositories/backtest-rows.js';
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
      componentCode: 'Revenue',
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

  it('reads back a stored row exactly, by page, by participant and by period', async () => {
    await repositories.backtests.insertRows('job-1', [{ ...ROW, participantId: 'p-2' }, ROW]);
    const page = await repositories.backtests.findRowPage('job-1', { first: 1 });
    expect(page.items).toEqual([{ ...ROW, id: 'job-1/2025-Q1/p-1', backtestId: 'job-1', index: 0 }]);
    expect(page.hasNextPage).toBe(true);
    const byKey = await repositories.backtests.findRow('job-1', '2025-Q1', 'p-2');
    expect(byKey).toEqual({ ...ROW, participantId: 'p-2', id: 'job-1/2025-Q1/p-2', backtestId: 'job-1' });
    expect(await repositories.backtests.findRow('job-1', '2025-Q2', 'p-2')).toBeNull();
    const filtered = await repositories.backtests.findRowPage(
      'job-1',
      { first: 10 },
      { participantId: 'p-2' },
    );
    expect(filtered.items.map((row) => row.participantId)).toEqual(['p-2']);
  });

  describe('a backtest of more rows than three chunks', () => {
    // 3 periods x 401 participants = 1,203 rows: two full chunks of 500 and one of 203.
    const participants = Array.from({ length: 401 }, (_, i) => `p-${String(i).padStart(3, '0')}`);
    const periods = ['2025-Q1', '2025-Q2', '2025-Q3'];
    // Deltas repeat every 7 participants, so many rows tie and the tie order is exercised.
    const rowOf = (periodId: string, participantId: string, i: number): BacktestRow => ({
      participantId,
      periodId,
      baselineMinor: 10_000 + i,
      candidates: [
        { totalMinor: 10_000 + i + (i % 7), deltaMinor: i % 7, percentChange: null },
        { totalMinor: 10_000 + i - (i % 5), deltaMinor: -(i % 5), percentChange: null },
      ],
      components: [],
    });
    const rows = periods.flatMap((period) => participants.map((p, i) => rowOf(period, p, i)));
    const key = (r: { periodId: string; participantId: string }) => `${r.periodId}/${r.participantId}`;

    beforeEach(async () => {
      // Given in reverse: the store orders them.
      await repositories.backtests.insertRows('job-2', [...rows].reverse());
    });

    const pageThrough = async (
      order?: Parameters<typeof repositories.backtests.findRowPage>[2],
    ): Promise<string[]> => {
      const seen: string[] = [];
      let after: number | null = null;
      for (;;) {
        const page = await repositories.backtests.findRowPage('job-2', { first: 100, after }, order);
        seen.push(...page.items.map(key));
        if (!page.hasNextPage) return seen;
        after = page.items.at(-1)?.index ?? null;
      }
    };

    it('pages through every row once, by period then participant', async () => {
      const seen = await pageThrough();
      expect(seen).toHaveLength(1_203);
      expect(seen).toEqual(rows.map(key));
    });

    it('pages backwards from a cursor with last and before', async () => {
      const page = await repositories.backtests.findRowPage('job-2', { last: 3, before: 500 });
      expect(page.items.map((r) => r.index)).toEqual([497, 498, 499]);
      expect(page.items.map(key)).toEqual(rows.slice(497, 500).map(key));
      expect(page.hasPreviousPage).toBe(true);
      expect(page.hasNextPage).toBe(true);
    });

    it("sorts by the second candidate's delta, largest first, ties by participant then period", async () => {
      const seen = await pageThrough({ order: { by: 'delta', candidate: 1, descending: true } });
      // Deltas are 0, -1, ..., -4 (i % 5): first every participant with i % 5 = 0 (delta 0), then -1...
      const expected = [...rows]
        .sort(
          (a, b) =>
            (b.candidates[1]?.deltaMinor ?? 0) - (a.candidates[1]?.deltaMinor ?? 0) ||
            a.participantId.localeCompare(b.participantId) ||
            a.periodId.localeCompare(b.periodId),
        )
        .map(key);
      expect(seen).toEqual(expected);
      expect(seen.slice(0, 4)).toEqual(['2025-Q1/p-000', '2025-Q2/p-000', '2025-Q3/p-000', '2025-Q1/p-005']);
    });

    it('sorts by participant, then period, and filters one participant in that order', async () => {
      const byParticipant = await pageThrough({
        order: { by: 'participant', candidate: 0, descending: false },
      });
      expect(byParticipant.slice(0, 4)).toEqual([
        '2025-Q1/p-000',
        '2025-Q2/p-000',
        '2025-Q3/p-000',
        '2025-Q1/p-001',
      ]);
      const own = await pageThrough({
        participantId: 'p-400',
        order: { by: 'baseline', candidate: 0, descending: true },
      });
      // p-400 has the same baseline (10,400) in every period: ties keep period order.
      expect(own).toEqual(['2025-Q1/p-400', '2025-Q2/p-400', '2025-Q3/p-400']);
    });

    it('keeps the directory in parts of the given size and reads it back whole', async () => {
      // 1,203 rows x (2 + 4 + 3 x 8 + 2 x 8 bytes: period, participant, baseline, two totals,
      // two deltas) is about 55 KB of arrays: with 4 KB parts, 14 parts or more.
      const collection = store.db.collection('backtest_rows');
      await writeRowChunks(collection, 'job-parts', rows, (row) => ({ ...row }), 4_096);
      const parts = await collection.find({ backtestId: 'job-parts', kind: 'directory-part' }).toArray();
      expect(parts.length).toBeGreaterThanOrEqual(14);
      for (const part of parts) expect((part.bytes as Binary).length()).toBeLessThanOrEqual(4_096);
      const reader = new RowChunkReader(collection, (stored) => stored);
      const inParts = await reader.directory('job-parts');
      expect(inParts).toEqual(await reader.directory('job-2'));
      expect(inParts?.rowCount).toBe(1_203);
      // Position 399 is 2025-Q1/p-399: second delta -(399 % 5) = -4.
      expect(inParts?.amounts?.deltas[1]?.[399]).toBe(-4);
    });

    it('reads a directory written before parts, with its arrays in one document', async () => {
      const collection = store.db.collection('backtest_rows');
      const reader = new RowChunkReader(collection, (stored) => stored);
      const current = (await reader.directory('job-2'))!;
      const bytesOf = (array: ArrayBufferView) =>
        new Binary(Buffer.from(array.buffer, array.byteOffset, array.byteLength));
      const int64 = (values: Float64Array) => bytesOf(BigInt64Array.from(values, (v) => BigInt(v)));
      await collection.deleteMany({ backtestId: 'job-2', kind: { $in: ['directory', 'directory-part'] } });
      await collection.insertOne({
        _id: 'job-2/directory' as never,
        backtestId: 'job-2',
        kind: 'directory',
        rowCount: current.rowCount,
        chunkRows: 500,
        periods: current.periods,
        participants: current.participants,
        rowPeriod: bytesOf(current.rowPeriod),
        rowParticipant: bytesOf(current.rowParticipant),
        baselineMinor: int64(current.amounts!.baseline),
        candidateTotalsMinor: current.amounts!.totals.map(int64),
        candidateDeltasMinor: current.amounts!.deltas.map(int64),
      });
      expect(await reader.directory('job-2')).toEqual(current);
      const first = await repositories.backtests.findRowPage(
        'job-2',
        { first: 1 },
        { order: { by: 'delta', candidate: 0, descending: true } },
      );
      // The largest first delta is 6 (i % 7 = 6), first for p-006 in 2025-Q1.
      expect(first.items.map(key)).toEqual(['2025-Q1/p-006']);
    });

    it('finds a row in the last chunk by participant and period', async () => {
      const row = await repositories.backtests.findRow('job-2', '2025-Q3', 'p-400');
      expect(row?.baselineMinor).toBe(10_400);
      expect(await repositories.backtests.findRow('job-2', '2025-Q3', 'p-401')).toBeNull();
    });
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
    const row = await repositories.backtests.findRow('job-0', '2025-Q1', 'p-1');
    // Stored without a component code: the name is read as the code, as the engine matched it.
    expect(row).toEqual({ ...ROW, id: 'job-0/2025-Q1/p-1', backtestId: 'job-0' });
    const page = await repositories.backtests.findRowPage('job-0', { first: 5 });
    expect(page.items.map((r) => r.id)).toEqual(['job-0/2025-Q1/p-1']);
  });
});
