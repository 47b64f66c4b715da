import type { Collection, Db } from 'mongodb';
import type { CollectionIndexes } from '../db/indexes.js';
import { REPLACEMENTS_PER_WRITE } from '../db/upsert-by-id.js';

/** 1 unit of `from` is worth `rate` units of `to` (a ratio, not an amount of money). */
export interface ExchangeRate {
  from: string;
  to: string;
  rate: number;
}

interface ExchangeRateDocument {
  /** `FROM/TO`, e.g. `EUR/USD`. */
  _id: string;
  from: string;
  to: string;
  rate: number;
  setAt: Date;
}

export const exchangeRateIndexes: CollectionIndexes = { collection: 'exchange_rates', indexes: [] };

/** The rates payout runs use to convert facts into a plan's currency: one rate per pair. */
export class ExchangeRatesRepository {
  private readonly rates: Collection<ExchangeRateDocument>;

  constructor(db: Db) {
    this.rates = db.collection<ExchangeRateDocument>(exchangeRateIndexes.collection);
  }

  /** Sets each pair's rate, replacing the previous one. */
  async setMany(rates: readonly ExchangeRate[]): Promise<void> {
    if (rates.length === 0) return;
    const setAt = new Date();
    for (let start = 0; start < rates.length; start += REPLACEMENTS_PER_WRITE) {
      await this.rates.bulkWrite(
        rates.slice(start, start + REPLACEMENTS_PER_WRITE).map((rate) => ({
          replaceOne: {
            filter: { _id: `${rate.from}/${rate.to}` },
            replacement: { from: rate.from, to: rate.to, rate: rate.rate, setAt },
            upsert: true,
          },
        })),
        { ordered: false },
      );
    }
  }

  async findAll(): Promise<ExchangeRate[]> {
    const documents = await this.rates.find({}).sort({ _id: 1 }).toArray();
    return documents.map(({ from, to, rate }) => ({ from, to, rate }));
  }
}
