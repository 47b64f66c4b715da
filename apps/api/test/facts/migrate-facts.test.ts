import { Long } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { migrateFacts, OLD_FACTS, tallyOld } from '../../src/facts/migrate-facts.js';
import { createRepositories } from '../../src/repositories/index.js';
import { useTestDatabase } from '../support/database.js';

/** 25 facts as the one-document-per-fact layout stored them: a BSON date, int64 money, fields at the top. */
const OLD = Array.from({ length: 25 }, (_, i) =>
  i % 5 === 4
    ? {
        _id: `s-${String(i).padStart(2, '0')}`,
        kind: 'survey',
        date: new Date(`2024-0${(i % 9) + 1}-15T00:00:00Z`),
        accountId: 'a-1',
        currency: null,
        credits: [],
        attributes: {},
        score: 4.5,
      }
    : {
        _id: `o-${String(i).padStart(2, '0')}`,
        kind: 'order',
        date: new Date(`2025-0${(i % 9) + 1}-0${(i % 7) + 1}T00:00:00Z`),
        accountId: `a-${i % 3}`,
        currency: 'EUR',
        credits: [
          { participantId: 'p-1', share: 0.25 },
          { participantId: 'p-2', share: 0.75 },
        ],
        attributes: { region: i % 2 === 0 ? 'north' : 'south' },
        amount: Long.fromNumber(9_000_000_000 + i),
        cost: Long.fromNumber(100),
        productLine: 'cloud',
        repeat: i % 2 === 0,
      },
);

describe('migrateFacts', () => {
  const store = useTestDatabase();

  beforeAll(async () => {
    await store.db.collection(OLD_FACTS).insertMany(OLD as never[]);
  });

  it('resumes after an interrupted run and ends with the same count and checksum as the old collection', async () => {
    const facts = createRepositories(store.db).facts;
    const before = await tallyOld(store.db);
    expect(before.count).toBe(25);
    // Interrupted after two chunks of 10.
    const cut = await migrateFacts(store.db, facts, { chunk: 10, maxChunks: 2 });
    expect(cut).toMatchObject({ migrated: 20, finished: false, verified: false });
    expect(await facts.countMatching({})).toBe(20);
    // A new process resumes after the last finished chunk.
    const resumed = await migrateFacts(store.db, createRepositories(store.db).facts, { chunk: 10 });
    expect(resumed).toEqual({ before, after: before, migrated: 5, finished: true, verified: true });
    const [order] = await facts.findByIds(['o-00']);
    expect(order).toEqual({
      id: 'o-00',
      kind: 'order',
      date: '2025-01-01',
      accountId: 'a-0',
      currency: 'EUR',
      credits: [
        { participantId: 'p-1', share: 0.25 },
        { participantId: 'p-2', share: 0.75 },
      ],
      values: { amount: 9_000_000_000, cost: 100, productLine: 'cloud', repeat: true },
      attributes: { region: 'north' },
    });
  });

  it('changes nothing when it runs again after it finished', async () => {
    const facts = createRepositories(store.db).facts;
    const generation = (await facts.current()).generation;
    const again = await migrateFacts(store.db, facts, { chunk: 10 });
    expect(again).toMatchObject({ migrated: 0, finished: true, verified: true });
    expect((await facts.current()).generation).toBe(generation);
  });
});
