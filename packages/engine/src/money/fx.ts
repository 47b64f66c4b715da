/** Converting money facts into the plan currency. */

import type { FactColumns } from '../facts/fact-columns.js';
import { MONEY_FIELDS } from '../model/fact.js';
import { currencyDigits, roundMinor } from './money.js';

/**
 * Exchange rates by pair: `{ 'EUR/USD': 1.08 }` means 1 EUR = 1.08 USD. Only the direction
 * given is used, so a plan paid in USD needs 'EUR/USD', not 'USD/EUR'.
 */
export type FxRates = Readonly<Record<string, number>>;

/** A numeric field read in a plan's currency: NaN where absent; `unconvertible` marks rows lacking a rate. */
export interface FieldValues {
  values: Float64Array;
  /** 1 for rows whose currency has no rate to the plan currency (their value is NaN). */
  unconvertible: Uint8Array | null;
  money: boolean;
}

/**
 * The values of a field for every row, money converted to `currency` minor units (rounded
 * half-even per fact). Fields that are not money (scores) are returned as they are.
 */
export function fieldValues(columns: FactColumns, field: string, currency: string, fx: FxRates): FieldValues {
  const column = columns.attributes.get(field);
  if (column?.type !== 'number') {
    return { values: new Float64Array(columns.size).fill(Number.NaN), unconvertible: null, money: false };
  }
  if (!MONEY_FIELDS.has(field)) return { values: column.values, unconvertible: null, money: false };
  const target = columns.currencyDictionary.indexOf(currency);
  const factors = columns.currencyDictionary.map((from) => {
    if (from === currency) return 1;
    const rate = fx[`${from}/${currency}`];
    return rate !== undefined && rate > 0
      ? rate * 10 ** (currencyDigits(currency) - currencyDigits(from))
      : null;
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
    const factor = code < 0 ? null : factors[code];
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

/** Why a row's money could not be read in the plan currency. */
export function conversionMessage(
  columns: FactColumns,
  row: number,
  field: string,
  currency: string,
): string {
  const code = columns.currencies[row] as number;
  const id = columns.ids[row];
  if (code < 0) return `Fact '${id}' has money in '${field}' but no currency; add its ISO currency code.`;
  const from = columns.currencyDictionary[code];
  return `Fact '${id}' is in ${from} but the plan pays in ${currency} and there is no ${from}/${currency} rate; set one (setExchangeRates over the API) and calculate again.`;
}
