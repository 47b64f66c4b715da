import { describe, expect, it } from 'vitest';
import { deltaRowsOf, nextSort, pageCount } from '../../src/backtests/delta-rows';

describe('the per-person deltas table of a backtest', () => {
  it('turns a column round on a second click, and starts an amount largest first, a name A to Z', () => {
    const byDelta = { column: 'DELTA', descending: true } as const;
    expect(nextSort(byDelta, 'DELTA')).toEqual({ column: 'DELTA', descending: false });
    expect(nextSort(byDelta, 'PARTICIPANT')).toEqual({ column: 'PARTICIPANT', descending: false });
    expect(nextSort({ column: 'PERIOD', descending: false }, 'BASELINE')).toEqual({
      column: 'BASELINE',
      descending: true,
    });
  });

  it("reads one candidate's amounts from a page of rows, leaving out a row without it", () => {
    const amount = (candidate: string, total: number, delta: number) => ({
      candidate,
      total: { minorUnits: total },
      delta: { minorUnits: delta },
    });
    const rows = [
      {
        participantId: 'p-1',
        period: '2025-Q1',
        baseline: { minorUnits: 1_000 },
        candidates: [amount('a', 1_050, 50), amount('b', 990, -10)],
      },
      {
        participantId: 'p-2',
        period: '2025-Q1',
        baseline: { minorUnits: 5 },
        candidates: [amount('a', 5, 0)],
      },
    ];
    expect(deltaRowsOf(rows, 'b')).toEqual([
      { participantId: 'p-1', period: '2025-Q1', baselineMinor: 1_000, candidateMinor: 990, deltaMinor: -10 },
    ]);
    expect(deltaRowsOf(rows, 'a').map((row) => row.deltaMinor)).toEqual([50, 0]);
  });

  it('counts whole and partial pages, and calls an empty table one page', () => {
    // 100,000 rows at 20 a page: 5,000 pages; 45 rows: 20 + 20 + 5.
    expect(pageCount(100_000, 20)).toBe(5_000);
    expect(pageCount(45, 20)).toBe(3);
    expect(pageCount(0, 20)).toBe(1);
  });
});
