/**
 * Dates as day numbers (days since 1970-01-01, UTC): integers compare and subtract cheaply, fit
 * in an Int32Array column, and never meet a time zone.
 */

const MS_PER_DAY = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Day number of an ISO day 'YYYY-MM-DD', or null when the text is not a real calendar day.
 * Plain arithmetic, no Date: imports check every fact's day with it.
 */
export function parseDay(text: string): number | null {
  const match = ISO_DAY.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return daysFromCivil(year, month, day);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a valid proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Day number of a calendar date (month 1..12); out-of-range days roll over like `Date.UTC`. */
export function dayFromParts(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

const formatted = new Map<number, string>();

/** The ISO day 'YYYY-MM-DD' of a day number (memoised: statements format the same days again and again). */
export function formatDay(dayNumber: number): string {
  let text = formatted.get(dayNumber);
  if (text === undefined) {
    text = new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
    if (formatted.size < 100_000) formatted.set(dayNumber, text);
  }
  return text;
}

/** Year, month (1..12) and day of month of a day number. */
export function dayParts(dayNumber: number): { year: number; month: number; day: number } {
  const date = new Date(dayNumber * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** An inclusive range of days. */
export interface DayRange {
  /** First day (day number), inclusive. */
  start: number;
  /** Last day (day number), inclusive. */
  end: number;
}

/** The overlap of two ranges, or null when they do not meet. */
export function intersectRanges(a: DayRange, b: DayRange): DayRange | null {
  const start = Math.max(a.start, b.start);
  const end = Math.min(a.end, b.end);
  return start <= end ? { start, end } : null;
}
