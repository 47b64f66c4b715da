/** Converting money facts into the plan currency, at the rate of each fact's date. */

import type { FactColumns } from '../facts/fact-columns.js';
import { MONEY_FIELDS } from '../model/fact.js';
import { formatDay, parseDay } from '../periods/day.js';
import { minorUnitScale, roundMinor } from './money.js';

/** One dated rate of a pair: it applies from `from` (an ISO day) until the day before the next one. */
export interface DatedRate {
  from: string;
  rate: number;
}

/**
 * The rates of one pair: a plain number is a standing rate for every day (rates stored before
 * rates had dates); `dated` rates apply from their day on, and `standing` (when given) before
 * the first of them.
 */
export type PairRates = number | { readonly standing?: number | null; readonly dated: readonly DatedRate[] };

/**
 * Exchange rates by pair: `{ 'EUR/USD': 1.08 }` means 1 EUR = 1.08 USD. Only the direction
 * given is used, so a plan paid in USD needs 'EUR/USD', not 'USD/EUR'.
 */
export type FxRates = Readonly<Record<string, PairRates>>;

/** The rate a conversion used: its value and the day it applies from (null for a standing rate). */
export interface RateUsed {
  rate: number;
  from: string | null;
}

/** Dated rates with their days parsed, latest first search by binary search. */
interface ParsedPair {
  standing: number | null;
  days: Int32Array;
  rates: readonly DatedRate[];
}

const parsedPairs = new WeakMap<object, ParsedPair>();

function parsedPair(rates: Exclude<PairRates, number>): ParsedPair {
  let parsed = parsedPairs.get(rates);
  if (!parsed) {
    const sorted = [...rates.dated]
      .filter((r) => parseDay(r.from) !== null && r.rate > 0 && Number.isFinite(r.rate))
      .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
    const standing = rates.standing ?? null;
    parsed = {
      standing: standing !== null && standing > 0 && Number.isFinite(standing) ? standing : null,
      days: Int32Array.from(sorted.map((r) => parseDay(r.from) as number)),
      rates: sorted,
    };
    parsedPairs.set(rates, parsed);
  }
  return parsed;
}

/** The rate of `pair` on a day (an ISO day or a day number); undefined when none applies that day. */
export function rateOn(fx: FxRates, pair: string, day: string | number): RateUsed | undefined {
  const rates = fx[pair];
  if (rates === undefined) return undefined;
  if (typeof rates === 'number')
    return rates > 0 && Number.isFinite(rates) ? { rate: rates, from: null } : undefined;
  const parsed = parsedPair(rates);
  const dayNumber = typeof day === 'number' ? day : parseDay(day);
  if (dayNumber === null) return undefined;
  // Last rate whose day is on or before the day.
  let lo = 0;
  let hi = parsed.days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((parsed.days[mid] as number) <= dayNumber) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0) {
    const found = parsed.rates[lo - 1] as DatedRate;
    return { rate: found.rate, from: found.from };
  }
  return parsed.standing === null ? undefined : { rate: parsed.standing, from: null };
}

/** The first day a pair has a dated rate, for error messages; null when it has none. */
export function firstRateDay(fx: FxRates, pair: string): string | null {
  const rates = fx[pair];
  if (rates === undefined || typeof rates === 'number') return null;
  return parsedPair(rates).rates[0]?.from ?? null;
}

/** Whether a pair's rate is the same on every day (a standing rate only). */
function constantRate(fx: FxRates, pair: string): number | null | undefined {
  const rates = fx[pair];
  if (rates === undefined) return null;
  if (typeof rates === 'number') return rates > 0 && Number.isFinite(rates) ? rates : null;
  const parsed = parsedPair(rates);
  if (parsed.rates.length === 0) return parsed.standing;
  return undefined;
}

/** A numeric field read in a plan's currency: NaN where absent; `unconvertible` marks rows lacking a rate. */
export interface FieldValues {
  values: Float64Array;
  /** 1 for rows whose currency has no rate to the plan currency on their date (their value is NaN). */
  unconvertible: Uint8Array | null;
  money: boolean;
}

/**
 * The values of a field for every row, money converted to `currency` minor units at the rate of
 * the row's date (rounded half-even per fact). Fields that are not money (scores) are returned
 * as they are.
 */
export function fieldValues(columns: FactColumns, field: string, currency: string, fx: FxRates): FieldValues {
  const column = columns.attributes.get(field);
  if (column?.type !== 'number') {
    return { values: new Float64Array(columns.size).fill(Number.NaN), unconvertible: null, money: false };
  }
  if (!MONEY_FIELDS.has(field)) return { values: column.values, unconvertible: null, money: false };
  const target = columns.currencyDictionary.indexOf(currency);
  const scales = columns.currencyDictionary.map((from) => minorUnitScale(from, currency));
  // Per currency: 1, a constant factor, null (no rate on any day) or undefined (dated: per row).
  const factors = columns.currencyDictionary.map((from, code) => {
    if (from === currency) return 1;
    const rate = constantRate(fx, `${from}/${currency}`);
    return rate === null || rate === undefined ? rate : rate * (scales[code] as number);
  });
  if (
    factors.every((factor, code) => factor === 1 || code === target) &&
    !hasMissingCurrency(columns, column.values)
  ) {
    return { values: column.values, unconvertible: null, money: true };
  }
  const values = new Float64Array(columns.size);
  let unconvertible: Uint8Array | null = null;
  for (let row = 0; row < columns.size; row++) {
    const value = column.values[row] as number;
    const code = columns.currencies[row] as number;
    if (Number.isNaN(value)) {
      values[row] = Number.NaN;
      continue;
    }
    let factor = code < 0 ? null : factors[code];
    if (factor === undefined && code >= 0) {
      const pair = `${columns.currencyDictionary[code]}/${currency}`;
      const found = rateOn(fx, pair, columns.dates[row] as number);
      factor = found ? found.rate * (scales[code] as number) : null;
    }
    if (factor === 1) values[row] = value;
    else if (factor === null || factor === undefined) {
      values[row] = Number.NaN;
      unconvertible ??= new Uint8Array(columns.size);
      unconvertible[row] = 1;
    } else values[row] = roundMinor(value * factor, 'half-even');
  }
  return { values, unconvertible, money: true };
}

function hasMissingCurrency(columns: FactColumns, values: Float64Array): boolean {
  for (let row = 0; row < columns.size; row++) {
    if ((columns.currencies[row] as number) < 0 && !Number.isNaN(values[row] as number)) return true;
  }
  return false;
}

/** Why a row's money could not be read in the plan currency: the pair and the fact's date. */
export function conversionMessage(
  columns: FactColumns,
  row: number,
  field: string,
  currency: string,
  fx: FxRates = {},
): string {
  const code = columns.currencies[row] as number;
  const id = columns.ids[row];
  if (code < 0) return `Fact '${id}' has money in '${field}' but no currency; add its ISO currency code.`;
  const from = columns.currencyDictionary[code];
  const day = formatDay(columns.dates[row] as number);
  return missingRateMessage(
    `${from}/${currency}`,
    day,
    fx,
    `Fact '${id}' of ${day} is in ${from} but the plan pays in ${currency}`,
  );
}

/** "... and there is no EUR/USD rate on 2025-03-10 (its first rate is from ...); set one ...". */
export function missingRateMessage(pair: string, day: string, fx: FxRates, what: string): string {
  const first = firstRateDay(fx, pair);
  const since = first !== null && first > day ? ` (its first rate is from ${first})` : '';
  return `${what} and there is no ${pair} rate on ${day}${since}; set one dated on or before ${day} (setExchangeRates over the API) and calculate again.`;
}
