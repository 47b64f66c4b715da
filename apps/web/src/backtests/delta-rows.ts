/** One person's one period in a backtest: baseline and one candidate, in minor units. */
export interface DeltaRow {
  participantId: string;
  period: string;
  baselineMinor: number;
  candidateMinor: number;
  deltaMinor: number;
}

/** What the API sorts backtest rows by (BacktestRowSortField). */
export type DeltaColumn = 'PARTICIPANT' | 'PERIOD' | 'BASELINE' | 'CANDIDATE' | 'DELTA';

/** A sort of the table: the column and its direction. */
export interface DeltaSort {
  column: DeltaColumn;
  descending: boolean;
}

const NUMERIC: ReadonlySet<DeltaColumn> = new Set(['BASELINE', 'CANDIDATE', 'DELTA']);

/**
 * The sort after a click on `column`'s header: the same column turns round; another column
 * starts largest first for an amount, A to Z for a name or a period.
 */
export function nextSort(current: DeltaSort, column: DeltaColumn): DeltaSort {
  return {
    column,
    descending: current.column === column ? !current.descending : NUMERIC.has(column),
  };
}

/** A row of the API's BacktestRows page, as far as the table reads it. */
export interface ApiRow {
  participantId: string;
  period: string;
  baseline: { minorUnits: number };
  candidates: readonly { candidate: string; total: { minorUnits: number }; delta: { minorUnits: number } }[];
}

/** The table's rows of one candidate from a page of API rows; a row without the candidate is left out. */
export function deltaRowsOf(rows: readonly ApiRow[], candidate: string): DeltaRow[] {
  return rows.flatMap((row) => {
    const amount = row.candidates.find((c) => c.candidate === candidate);
    return amount
      ? [
          {
            participantId: row.participantId,
            period: row.period,
            baselineMinor: row.baseline.minorUnits,
            candidateMinor: amount.total.minorUnits,
            deltaMinor: amount.delta.minorUnits,
          },
        ]
      : [];
  });
}

/** How many pages of `size` rows `total` rows make: at least 1, so an empty table is "page 1 of 1". */
export function pageCount(total: number, size: number): number {
  return Math.max(1, Math.ceil(total / size));
}
