import type { Collection, Db, Filter, Long } from 'mongodb';
import { fromStoredDay, toStoredDay } from '../db/days.js';
import type { CollectionIndexes } from '../db/indexes.js';
import { fromStoredMinor, toStoredMinor } from '../db/money.js';
import { findPage, type Page, type PageRequest } from '../db/page.js';
import { type UpsertCounts, upsertById } from '../db/upsert-by-id.js';
import { type FactKind, factFields } from '../facts/fact-kinds.js';
import type { Attributes } from './attributes.js';

/** A participant's share (0..1) of a fact; a fact's shares add up to 1. */
export interface Credit {
  participantId: string;
  share: number;
}

export type FactValue = string | number | boolean;

/**
 * One dated business event on an account. `values` holds the kind's own fields (money in minor
 * units), so `{ id, kind, date, accountId, currency, credits, ...values }` is the engine's `Fact`.
 */
export interface Fact {
  id: string;
  kind: FactKind;
  date: string;
  accountId: string;
  /** ISO 4217 code of the money fields; null for kinds without money. */
  currency: string | null;
  credits: Credit[];
  values: Record<string, FactValue>;
  attributes: Attributes;
}

/** Kind fields sit at the top level of the document, where the engine's projections read them. */
type FactDocument = {
  _id: string;
  kind: FactKind;
  date: Date;
  accountId: string;
  currency: string | null;
  credits: Credit[];
  attributes: Attributes;
} & Record<string, unknown>;

export interface FactFilter {
  accountId?: string;
  kinds?: readonly FactKind[];
  /** Inclusive first day. */
  from?: string;
  /** Inclusive last day. */
  to?: string;
}

export const factIndexes: CollectionIndexes = {
  collection: 'facts',
  indexes: [
    { key: { date: 1, kind: 1 }, options: { name: 'date_kind' } },
    { key: { accountId: 1, date: 1 }, options: { name: 'account_date' } },
  ],
};

/** One document per fact under the client's external id. */
export class FactsRepository {
  private readonly facts: Collection<FactDocument>;

  constructor(db: Db) {
    this.facts = db.collection<FactDocument>(factIndexes.collection);
  }

  /** Stores each fact under its id; identical facts are not rewritten. */
  upsertMany(
    facts: readonly Fact[],
    onProgress?: (written: number, total: number) => void,
  ): Promise<UpsertCounts> {
    return upsertById(this.facts, facts.map(toDocument), onProgress);
  }

  /**
   * Inserts new facts in one unordered bulk insert, without the read that upsertMany does to
   * skip unchanged ones: for seeding an empty store (the benchmark). A duplicate id fails.
   */
  async insertNew(facts: readonly Fact[]): Promise<void> {
    if (facts.length > 0) await this.facts.insertMany(facts.map(toDocument), { ordered: false });
  }

  async findByIds(ids: readonly string[]): Promise<Fact[]> {
    const documents = await this.facts.find({ _id: { $in: [...ids] } }).toArray();
    return documents.map(toFact);
  }

  async findPage(request: PageRequest, filter: FactFilter = {}): Promise<Page<Fact>> {
    const page = await findPage(this.facts, toQuery(filter), request);
    return { ...page, items: page.items.map(toFact) };
  }

  /**
   * Every fact matching the filter in one pass over the collection (FerretDB reads the whole
   * collection for any query not by _id, so a backtest asks once for all it needs).
   */
  async *streamMatching(filter: FactFilter, options: StreamOptions = {}): AsyncGenerator<Fact> {
    const cursor = this.facts.find(toQuery(filter), {
      ...(options.fields ? { projection: toProjection(options.fields) } : {}),
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    });
    for await (const document of cursor) yield toFact(document);
  }

  /** How many facts match the filter (to size a load before reading it). */
  countMatching(filter: FactFilter): Promise<number> {
    return this.facts.countDocuments(toQuery(filter));
  }
}

/** What a stream reads: only the named kind fields and attributes (plus the base fields) when `fields` is given. */
export interface StreamOptions {
  fields?: readonly string[];
  batchSize?: number;
}

function toProjection(fields: readonly string[]): Record<string, 1> {
  const projection: Record<string, 1> = { kind: 1, date: 1, accountId: 1, currency: 1, credits: 1 };
  for (const field of fields) {
    // Fact fields sit at the top level; client attributes under `attributes`.
    projection[field] = 1;
    projection[`attributes.${field}`] = 1;
  }
  return projection;
}

function toQuery(filter: FactFilter): Filter<FactDocument> {
  const query: Record<string, unknown> = {};
  if (filter.accountId !== undefined) query.accountId = filter.accountId;
  if (filter.kinds !== undefined) query.kind = { $in: [...filter.kinds] };
  if (filter.from !== undefined || filter.to !== undefined) {
    const range: Record<string, Date> = {};
    if (filter.from !== undefined) range.$gte = toStoredDay(filter.from);
    if (filter.to !== undefined) range.$lte = toStoredDay(filter.to);
    query.date = range;
  }
  return query as Filter<FactDocument>;
}

function toDocument(fact: Fact): FactDocument {
  const document: FactDocument = {
    _id: fact.id,
    kind: fact.kind,
    date: toStoredDay(fact.date),
    accountId: fact.accountId,
    currency: fact.currency,
    credits: fact.credits.map(({ participantId, share }) => ({ participantId, share })),
    attributes: fact.attributes,
  };
  // Fields in the order of the kind's table, so the same fact always serializes the same way.
  for (const [name, field] of Object.entries(factFields(fact.kind))) {
    const value = fact.values[name];
    if (value === undefined) continue;
    document[name] = field.spec.type === 'money' ? toStoredMinor(value as number) : value;
  }
  return document;
}

function toFact(document: FactDocument): Fact {
  const values: Record<string, FactValue> = {};
  for (const [name, field] of Object.entries(factFields(document.kind))) {
    const value = document[name];
    if (value === undefined || value === null) continue;
    values[name] =
      field.spec.type === 'money' ? fromStoredMinor(value as Long | number) : (value as FactValue);
  }
  return {
    id: document._id,
    kind: document.kind,
    date: fromStoredDay(document.date),
    accountId: document.accountId,
    currency: document.currency,
    credits: document.credits ?? [],
    values,
    attributes: document.attributes ?? {},
  };
}
