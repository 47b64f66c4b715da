/**
 * Calendar days travel as ISO strings 'YYYY-MM-DD' (as the engine reads them) and are stored as
 * BSON dates at midnight UTC, so date-range queries compare dates, not strings.
 */

import { parseDay } from '@attain/engine';

/** True when `value` is an existing calendar day written 'YYYY-MM-DD' (no 2025-02-30). */
export function isIsoDay(value: unknown): value is string {
  return typeof value === 'string' && parseDay(value) !== null;
}

/** The stored form of an ISO day. */
export function toStoredDay(day: string): Date {
  if (!isIsoDay(day)) throw new RangeError(`"${day}" is not a calendar day written YYYY-MM-DD`);
  return new Date(`${day}T00:00:00Z`);
}

/** The ISO day of a stored date. */
export function fromStoredDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
