import type { FxRates, PairRates } from '@attain/engine';
import type { Collection, Db } from 'mongodb';
import { ConflictError, isDuplicateKeyError } from '../db/errors.js';
import type { CollectionIndexes } from '../db/indexes.js';
import { REPLACEMENTS_PER_WRITE } from '../db/upsert-by-id.js';

/** 1 unit of `from` is worth `rate` units of `to` (a ratio, not an amount of money). */
export interface ExchangeRate {
  from: string;
  to: string;
  rate: number;
  /**
   * The first day the rate applies (ISO day); it holds until the next dated rate of the pair.
   * null: the pair's standing rate, for days before its first dated rate (how rates were kept
   * before they had dates).
   */
  date: string | null;
  /** When it was set, and by which API key (null for rates set before this was kept, or by the demo). */
  setAt: Date | null;
  setBy: string | null;
}

/** A rate to set: a dated one is kept for good; an undated one replaces the pair's standing rate. */
export interface ExchangeRateInput {
  from: string;
  to: string;
  rate: number;
  date?: string | null;
}

/**
 * One rate. A dated rate's `_id` is `FROM/TO@YYYY-MM-DD` and it is never replaced (a second,
 * different rate for the pair and day is a conflict). The standing rate's `_id` is `FROM/TO`:
 * documents stored before rates had dates are exactly these, and keep working unchanged.
 */
interface ExchangeRateDocument {
  _id: string;
  from: string;
  to: string;
  rate: number;
  /** Absent on standing rates (and on every rate stored before dates). */
  date?: string;
  setAt: Date;
  setBy?: string | null;
}

export const exchangeRateIndexes: CollectionIndexes = {
  collection: 'exchange_rates',
  // The rates of one pair in date order (exchangeRates with a pair).
  indexes: [{ key: { from: 1, to: 1, date: 1 }, options: { name: 'pair_date' } }],
};

/** The rates payout runs use to convert facts and pay lines: dated rates of each pair, and a standing rate. */
export class ExchangeRatesRepository {
  private readonly rates: Collection<ExchangeRateDocument>;

  constructor(db: Db) {
    this.rates = db.collection<ExchangeRateDocument>(exchangeRateIndexes.collection);
  }

  /**
   * Sets the rates: dated ones are added (the same rate again is a no-op; another rate for a pair
   * and day already set is a ConflictError, checked before anything is written), undated ones
   * replace the pair's standing rate.
   */
  async setMany(rates: readonly ExchangeRateInput[], setBy: string | null): Promise<void> {
    if (rates.length === 0) return;
    const setAt = new Date();
    const dated = rates.filter((r) => r.date);
    const existing = await this.rates
      .find({ _id: { $in: dated.map((r) => datedId(r.from, r.to, r.date as string)) } })
      .toArray();
    const byId = new Map(existing.map((d) => [d._id, d]));
    const fresh = new Map<string, ExchangeRateDocument>();
    for (const rate of dated) {
      const id = datedId(rate.from, rate.to, rate.date as string);
      const kept = byId.get(id) ?? fresh.get(id);
      if (kept && kept.rate !== rate.rate) throw conflict(rate, kept.rate);
      if (!kept) {
        fresh.set(id, {
          _id: id,
          from: rate.from,
          to: rate.to,
          rate: rate.rate,
          date: rate.date as string,
          setAt,
          setBy,
        });
      }
    }
    const documents = [...fresh.values()];
    for (let start = 0; start < documents.length; start += REPLACEMENTS_PER_WRITE) {
      try {
        await this.rates.insertMany(documents.slice(start, start + REPLACEMENTS_PER_WRITE), {
          ordered: false,
        });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        // Another call set some of the same days meanwhile: the same rate is fine, another is not.
        const now = await this.rates.find({ _id: { $in: documents.map((d) => d._id) } }).toArray();
        for (const stored of now) {
          const wanted = fresh.get(stored._id);
          if (wanted && wanted.rate !== stored.rate) throw conflict(wanted, stored.rate);
        }
      }
    }
    const standing = rates.filter((r) => !r.date);
    for (let start = 0; start < standing.length; start += REPLACEMENTS_PER_WRITE) {
      await this.rates.bulkWrite(
        standing.slice(start, start + REPLACEMENTS_PER_WRITE).map((rate) => ({
          replaceOne: {
            filter: { _id: `${rate.from}/${rate.to}` },
            replacement: { from: rate.from, to: rate.to, rate: rate.rate, setAt, setBy },
            upsert: true,
          },
        })),
        { ordered: false },
      );
    }
  }

  /** Every rate, by pair, the standing rate first, then by date. */
  async findAll(pair?: { from: string; to: string }): Promise<ExchangeRate[]> {
    const documents = await this.rates.find(pair ? { from: pair.from, to: pair.to } : {}).toArray();
    return documents
      .map(
        ({ from, to, rate, date, setAt, setBy }): ExchangeRate => ({
          from,
          to,
          rate,
          date: date ?? null,
          setAt: setAt ?? null,
          setBy: setBy ?? null,
        }),
      )
      .sort(
        (a, b) => compare(`${a.from}/${a.to}`, `${b.from}/${b.to}`) || compare(a.date ?? '', b.date ?? ''),
      );
  }

  /** The rates as the engine takes them: per pair, the standing rate and the dated ones. */
  async fxRates(): Promise<FxRates> {
    const pairs = new Map<string, { standing: number | null; dated: { from: string; rate: number }[] }>();
    for (const rate of await this.findAll()) {
      const key = `${rate.from}/${rate.to}`;
      let pair = pairs.get(key);
      if (!pair) {
        pair = { standing: null, dated: [] };
        pairs.set(key, pair);
      }
      if (rate.date === null) pair.standing = rate.rate;
      else pair.dated.push({ from: rate.date, rate: rate.rate });
    }
    // A pair with only a standing rate stays a plain number: the engine's (and the fingerprint's)
    // form of rates stored before dates, so runs over them are the same as before.
    return Object.fromEntries(
      [...pairs].map(([key, pair]): [string, PairRates] => [
        key,
        pair.dated.length === 0 && pair.standing !== null ? pair.standing : pair,
      ]),
    );
  }
}

function datedId(from: string, to: string, date: string): string {
  return `${from}/${to}@${date}`;
}

function conflict(rate: { from: string; to: string; date?: string | null }, kept: number): ConflictError {
  return new ConflictError(
    `${rate.from}/${rate.to} already has the rate ${kept} from ${rate.date}; a dated rate is kept as it was so that calculations of the days it covers stay the same. Add a rate from a later day instead.`,
    exchangeRateIndexes.collection,
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
