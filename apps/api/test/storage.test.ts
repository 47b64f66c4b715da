import { Long } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { ConflictError, orConflict } from '../src/db/errors.js';
import { type CollectionIndexes, ensureIndexes } from '../src/db/indexes.js';
import { fromStoredMinor, toStoredMinor } from '../src/db/money.js';
import { useTestDatabase } from './support/database.js';

// A smoke suite of the MongoDB subset we rely on (README.md, "Using a real MongoDB"), run against the
// real server of the test run: the embedded FerretDB engine, or MONGODB_URI when set.
describe('storage on the test database', () => {
  const store = useTestDatabase();

  it('creates declared indexes, and creating them again changes nothing', async () => {
    const declarations: CollectionIndexes[] = [
      {
        collection: 'smoke_indexes',
        indexes: [
          { key: { externalId: 1 }, options: { unique: true, name: 'externalId_unique' } },
          { key: { accountId: 1, date: 1 }, options: { name: 'account_date' } },
        ],
      },
    ];
    await ensureIndexes(store.db, declarations);
    await ensureIndexes(store.db, declarations);
    const names = (await store.db.collection('smoke_indexes').indexes()).map((index) => index.name).sort();
    expect(names).toEqual(['_id_', 'account_date', 'externalId_unique']);
  });

  it('reads back an inserted document field for field', async () => {
    const doc = {
      _id: 'p-1',
      name: 'Ada Lovelace',
      roles: ['lead'],
      hired: new Date('2024-02-01T00:00:00Z'),
    };
    await store.db.collection<typeof doc>('smoke_docs').insertOne(doc);
    expect(await store.db.collection<typeof doc>('smoke_docs').findOne({ _id: 'p-1' })).toEqual(doc);
  });

  it('selects documents by a half-open date range', async () => {
    const facts = store.db.collection('smoke_dates');
    await facts.insertMany(
      ['2025-03-31', '2025-04-01', '2025-06-30', '2025-07-01'].map((day, i) => ({
        n: i,
        date: new Date(`${day}T00:00:00Z`),
      })),
    );
    const inQ2 = await facts
      .find({ date: { $gte: new Date('2025-04-01T00:00:00Z'), $lt: new Date('2025-07-01T00:00:00Z') } })
      .sort({ date: 1 })
      .project({ _id: 0, n: 1 })
      .toArray();
    expect(inQ2).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('turns a unique index violation into our ConflictError and keeps the first document', async () => {
    const versions = store.db.collection('smoke_versions');
    await versions.createIndex({ planId: 1, version: 1 }, { unique: true });
    await versions.insertOne({ planId: 'plan-a', version: 1, text: 'first' });

    const second = orConflict('smoke_versions', 'version 1 of plan-a exists', () =>
      versions.insertOne({ planId: 'plan-a', version: 1, text: 'second' }),
    );
    await expect(second).rejects.toBeInstanceOf(ConflictError);
    await expect(second).rejects.toMatchObject({ collection: 'smoke_versions' });
    const stored = await versions.find({ planId: 'plan-a' }).project({ _id: 0, text: 1 }).toArray();
    expect(stored).toEqual([{ text: 'first' }]);
  });

  it('inserts 10,000 documents in one unordered bulk write', async () => {
    const bulk = store.db.collection('smoke_bulk');
    const result = await bulk.bulkWrite(
      Array.from({ length: 10_000 }, (_, i) => ({
        insertOne: { document: { i, amount: toStoredMinor(i * 100) } },
      })),
      { ordered: false },
    );
    expect(result.insertedCount).toBe(10_000);
    expect(await bulk.countDocuments({})).toBe(10_000);
    // The last document holds 9,999 × 100 = 999,900 minor units.
    const last = await bulk.findOne({ i: 9_999 });
    expect(fromStoredMinor(last?.amount)).toBe(999_900);
  });

  it('round-trips a money amount above 2^53 / 100 as an exact 64-bit integer', async () => {
    const money = store.db.collection('smoke_money');
    // 2^53 - 1 = 9,007,199,254,740,991, the largest minor-unit amount a JS number holds exactly.
    const largest = Number.MAX_SAFE_INTEGER;
    await money.insertOne({ _id: 'big' as never, amount: toStoredMinor(largest) });
    const doc = await money.findOne({ _id: 'big' as never }, { promoteLongs: false });
    expect(doc?.amount).toBeInstanceOf(Long);
    expect(String(doc?.amount)).toBe('9007199254740991');
    expect(fromStoredMinor(doc?.amount)).toBe(largest);
  });

  it('adds to a 64-bit amount with $inc without losing a unit', async () => {
    const money = store.db.collection('smoke_inc');
    // 4,000,000,000 does not fit in 32 bits; 4,000,000,000 + 4,000,000,001 = 8,000,000,001.
    await money.insertOne({ _id: 'sum' as never, amount: toStoredMinor(4_000_000_000) });
    await money.updateOne({ _id: 'sum' as never }, { $inc: { amount: toStoredMinor(4_000_000_001) } });
    const doc = await money.findOne({ _id: 'sum' as never }, { promoteLongs: false });
    expect(doc?.amount).toBeInstanceOf(Long);
    expect(String(doc?.amount)).toBe('8000000001');
  });
});
