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
 * different rate for the pair and day is a conflict). A standing rate is never overwritten
 * either: setting another adds the pair's next generation, `FROM/TO` (generation 0: documents
 * stored before rates had dates are exactly these, and keep working unchanged), `FROM/TO#000001`,
 * ...; the latest is the standing rate.
 */
interface ExchangeRateDocument {
  _id: string;
  from: string;
  to: string;
  rate: number;
  /** Absent on standing rates (and on every rate stored before dates). */
  date?: string;
  /** A standing rate's generation: the latest one is the pair's standing rate; absent for 0 and on dated rates. */
  generation?: number;
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
   * replace the pair's standing rate by adding its next generation (a call that raced another to
   * the same generation with another rate is a ConflictError; its dated rates stay set).
   */
  async setMany(rates: readonly ExchangeRateInput[], setBy: string | null): Promise<void> {
    if (rates.length === 0) return;
    const setAt = new Date();
    const dated = rates.filter((r) => r.date);
    // A pair given twice without a date in one call: the last one is its standing rate.
    const standing = [...new Map(rates.filter((r) => !r.date).map((r) => [`${r.from}/${r.to}`, r])).values()];
    // Read before anything is written, so each standing rate knows the generation it replaces.
    const current = standing.length > 0 ? await this.currentStanding() : new Map();
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
    if (standing.length > 0) await this.insertStanding(standing, current, setAt, setBy);
  }

  /**
   * Each standing rate becomes the pair's next generation, an immutable document whose `_id`
   * names the generation: of two calls that read the same generation and set different rates,
   * the unique `_id` lets one win and the other gets a ConflictError (no compare-and-swap).
   */
  private async insertStanding(
    standing: readonly ExchangeRateInput[],
    current: ReadonlyMap<string, ExchangeRateDocument>,
    setAt: Date,
    setBy: string | null,
  ): Promise<void> {
    const documents: ExchangeRateDocument[] = [];
    for (const rate of standing) {
      const kept = current.get(`${rate.from}/${rate.to}`);
      // The same rate again changes nothing, as for a dated rate.
      if (kept?.rate === rate.rate) continue;
      const generation = kept ? (kept.generation ?? 0) + 1 : 0;
      documents.push({
        _id: standingId(rate.from, rate.to, generation),
        from: rate.from,
        to: rate.to,
        rate: rate.rate,
        ...(generation > 0 ? { generation } : {}),
        setAt,
        setBy,
      });
    }
    for (let start = 0; start < documents.length; start += REPLACEMENTS_PER_WRITE) {
      const slice = documents.slice(start, start + REPLACEMENTS_PER_WRITE);
      try {
        await this.rates.insertMany(slice, { ordered: false });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        const now = await this.rates.find({ _id: { $in: slice.map((d) => d._id) } }).toArray();
        for (const stored of now) {
          const wanted = slice.find((d) => d._id === stored._id);
          if (wanted && wanted.rate !== stored.rate) throw standingConflict(wanted, stored.rate);
        }
      }
    }
  }

  /** Each pair's standing rate: its latest generation. */
  private async currentStanding(): Promise<Map<string, ExchangeRateDocument>> {
    return latestStanding(await this.rates.find({}).toArray());
  }

  /** Every rate, by pair, the standing rate (its latest generation) first, then by date. */
  async findAll(pair?: { from: string; to: string }): Promise<ExchangeRate[]> {
    const stored = await this.rates.find(pair ? { from: pair.from, to: pair.to } : {}).toArray();
    const standing = new Set(latestStanding(stored).values());
    const documents = stored.filter((d) => d.date !== undefined || standing.has(d));
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

/** The latest standing generation of each pair, by `FROM/TO`. */
function latestStanding(documents: readonly ExchangeRateDocument[]): Map<string, ExchangeRateDocument> {
  const latest = new Map<string, ExchangeRateDocument>();
  for (const document of documents) {
    if (document.date !== undefined) continue;
    const key = `${document.from}/${document.to}`;
    const kept = latest.get(key);
    if (!kept || (kept.generation ?? 0) < (document.generation ?? 0)) latest.set(key, document);
  }
  return latest;
}

/** A standing rate's `_id`: `FROM/TO` for generation 0 (every standing rate stored before generations), then `FROM/TO#000001`, ... */
function standingId(from: string, to: string, generation: number): string {
  return generation === 0 ? `${from}/${to}` : `${from}/${to}#${String(generation).padStart(6, '0')}`;
}

function standingConflict(rate: { from: string; to: string }, kept: number): ConflictError {
  return new ConflictError(
    `The standing ${rate.from}/${rate.to} rate was just set to ${kept} by another call; read exchangeRates and set it again if yours should replace it.`,
    exchangeRateIndexes.collection,
  );
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
