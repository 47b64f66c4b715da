import { digitsOf } from '@attain/rules';

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

/**
 * The period of the same kind as `example` ('2026-Q4', '2026-07', '2026-H2' or '2026') that
 * contains `day` (YYYY-MM-DD): a plan's periods are all of one kind.
 */
export function periodOfDay(example: string, day: string): string {
  const year = day.slice(0, 4);
  const month = Number(day.slice(5, 7));
  if (/^\d{4}-Q[1-4]$/.test(example)) return `${year}-Q${Math.ceil(month / 3)}`;
  if (/^\d{4}-H[12]$/.test(example)) return `${year}-H${month <= 6 ? 1 : 2}`;
  if (/^\d{4}-\d{2}$/.test(example)) return day.slice(0, 7);
  return year;
}

/** Minor units in `currency` of an amount a person typed ("250,000" or "1234.5"); null when it is not one. */
export function parseAmount(text: string, currency: string): number | null {
  // The digits the API formats the currency with (the rules package's table).
  const digits = digitsOf(currency) ?? 2;
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return null;
  const whole = (match[1] ?? '').replaceAll(',', '');
  // Digits, not floating point: 0.1 + 0.2 must not become 30000000000000004 minor units.
  return Number(whole + fraction.padEnd(digits, '0'));
}
