/** One person's one period in a backtest: baseline and one candidate, in minor units. */
export interface DeltaRow {
  participantId: string;
  period: string;
  baselineMinor: number;
  candidateMinor: number;
  deltaMinor: number;
}

export type DeltaColumn = 'participantId' | 'period' | 'baselineMinor' | 'candidateMinor' | 'deltaMinor';

/**
 * The rows sorted by one column; ties keep participant then period order, so a page never
 * reshuffles between two clicks on the same column.
 */
export function sortRows(rows: readonly DeltaRow[], column: DeltaColumn, descending: boolean): DeltaRow[] {
  const sign = descending ? -1 : 1;
  const byKey = (a: DeltaRow, b: DeltaRow) =>
    a.participantId.localeCompare(b.participantId) || a.period.localeCompare(b.period);
  return [...rows].sort((a, b) => {
    const x = a[column];
    const y = b[column];
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return sign * order || byKey(a, b);
  });
}

/** Page `page` (0-based) of `size` rows, and how many pages there are (at least 1). */
export function pageOf<T>(rows: readonly T[], page: number, size: number): { items: T[]; pages: number } {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const at = Math.min(Math.max(page, 0), pages - 1);
  return { items: rows.slice(at * size, at * size + size), pages };
}
