import { describe, expect, it } from 'vitest';
import { type DeltaRow, pageOf, sortRows } from '../../src/backtests/delta-rows';

const row = (participantId: string, period: string, deltaMinor: number): DeltaRow => ({
  participantId,
  period,
  baselineMinor: 1_000,
  candidateMinor: 1_000 + deltaMinor,
  deltaMinor,
});

describe('the per-person deltas table of a backtest', () => {
  it('sorts by the delta either way, ties in participant then period order', () => {
    const rows = [row('p-2', '2025-Q1', 50), row('p-1', '2025-Q2', -10), row('p-1', '2025-Q1', 50)];
    expect(sortRows(rows, 'deltaMinor', true).map((r) => `${r.participantId} ${r.period}`)).toEqual([
      'p-1 2025-Q1',
      'p-2 2025-Q1',
      'p-1 2025-Q2',
    ]);
    expect(sortRows(rows, 'deltaMinor', false).map((r) => r.deltaMinor)).toEqual([-10, 50, 50]);
    expect(sortRows(rows, 'participantId', false).map((r) => r.period)).toEqual([
      '2025-Q1',
      '2025-Q2',
      '2025-Q1',
    ]);
  });

  it('pages the rows, keeping a page past the end on the last page', () => {
    const rows = Array.from({ length: 45 }, (_, n) => n);
    expect(pageOf(rows, 0, 20)).toEqual({ items: rows.slice(0, 20), pages: 3 });
    expect(pageOf(rows, 2, 20).items).toEqual(rows.slice(40));
    expect(pageOf(rows, 7, 20).items).toEqual(rows.slice(40));
    expect(pageOf([], 0, 20)).toEqual({ items: [], pages: 1 });
  });
});
