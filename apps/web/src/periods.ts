/** How many years back the page looks for statements. */
export const YEARS_SHOWN = 2;

/** The periods a plan can have in a year, newest first: the year, its halves, its quarters. */
export function periodsOfYear(year: number): string[] {
  return [`${year}`, `${year}-H2`, `${year}-Q4`, `${year}-Q3`, `${year}-H1`, `${year}-Q2`, `${year}-Q1`];
}

/** The years the assignments cover, newest first, at most YEARS_SHOWN of them up to this year. */
export function yearsOf(assignments: { from: string; to: string | null }[], thisYear: number): number[] {
  const years = new Set<number>();
  for (const { from, to } of assignments) {
    const last = Math.min(to ? Number(to.slice(0, 4)) : thisYear, thisYear);
    for (let year = Number(from.slice(0, 4)); year <= last; year++) years.add(year);
  }
  return [...years].sort((a, b) => b - a).slice(0, YEARS_SHOWN);
}
