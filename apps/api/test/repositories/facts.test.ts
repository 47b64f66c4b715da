import { Binary } from 'mongodb';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  BLOCK_FORMAT,
  decodeBlock,
  encodeBlock,
  type FactBlockDocument,
  factHash,
  type Layout1BlockDocument,
} from '../../src/repositories/fact-blocks.js';
import type { Fact } from '../../src/repositories/facts.js';
import { createRepositories } from '../../src/repositories/index.js';
import { useTestDatabase } from '../support/database.js';

/** An order fact; `day` of January 2025 unless `date` is given. */
function order(id: string, amount: number, day = 1, extra: Partial<Fact> = {}): Fact {
  return {
    id,
    kind: 'order',
    date: `2025-01-${String(day).padStart(2, '0')}`,
    accountId: 'a-1',
    currency: 'EUR',
    credits: [{ participantId: 'p-1', share: 1 }],
    values: { amount, cost: 0, productLine: 'cloud', repeat: false },
    attributes: {},
    ...extra,
  };
}

/** A block as layout 1 stored it: raw little-endian columns, ids back to back, string lists as arrays. */
function asLayout1(document: FactBlockDocument): Layout1BlockDocument {
  const block = decodeBlock(document);
  const raw = (array: ArrayBufferView) =>
    new Binary(Buffer.from(array.buffer, array.byteOffset, array.byteLength));
  const idEnds = new Int32Array(block.rows);
  let end = 0;
  block.ids.forEach((id, row) => {
    end += Buffer.byteLength(id, 'utf8');
    idEnds[row] = end;
  });
  const fields: Layout1BlockDocument['fields'] = {};
  for (const [name, column] of block.fields) {
    fields[name] =
      column.type === 'string'
        ? { type: 'string', codes: raw(column.codes), dictionary: column.dictionary }
        : { type: column.type, values: raw(column.values) };
  }
  const { _id, kind, month, firstDay, lastDay, rows, generation } = document;
  return {
    _id,
    kind,
    month,
    firstDay,
    lastDay,
    rows,
    generation,
    format: 1,
    ids: new Binary(Buffer.from(block.ids.join(''), 'utf8')),
    idEnds: raw(idEnds),
    hashes: raw(block.hashes),
    days: raw(block.days),
    accounts: raw(block.accounts),
    accountDictionary: block.accountDictionary,
    currencies: raw(block.currencies),
    currencyDictionary: block.currencyDictionary,
    creditEnds: raw(block.creditEnds),
    creditParticipants: raw(block.creditParticipants),
    participantDictionary: block.participantDictionary,
    creditShares: raw(block.creditShares),
    attributes: raw(block.attributes),
    attributeDictionary: block.attributeDictionary,
    fields,
  };
}

async function all(facts: ReturnType<typeof createRepositories>['facts']): Promise<Fact[]> {
  const found: Fact[] = [];
  for await (const fact of facts.streamMatching({})) found.push(fact);
  return found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

describe('fact blocks', () => {
  const store = useTestDatabase();
  let facts: ReturnType<typeof createRepositories>['facts'];

  beforeEach(async () => {
    await store.db.dropDatabase();
    facts = createRepositories(store.db).facts;
  });

  it('reads back every field exactly: int64 and negative money, shares, unicode ids and attributes, absent optional fields', async () => {
    const stored: Fact[] = [
      order('ü-订单-1', 2 ** 53 - 1, 3, {
        credits: [
          { participantId: 'p-1', share: 0.1 },
          { participantId: 'p-2', share: 0.2 },
          { participantId: 'p-3', share: 0.7 },
        ],
        attributes: { région: 'nord', size: 3.25, big: true },
      }),
      order('o-2', -150, 2),
      {
        id: 'c-1',
        kind: 'churn',
        date: '2025-01-09',
        accountId: 'a-2',
        currency: 'USD',
        credits: [],
        values: { amount: 10, productLine: 'cloud' },
        attributes: {},
      },
      {
        id: 's-1',
        kind: 'survey',
        date: '2024-12-31',
        accountId: 'a-2',
        currency: null,
        credits: [],
        values: { score: 4.5 },
        attributes: { note: '' },
      },
    ];
    await facts.upsertMany(stored);
    expect(await all(facts)).toEqual([...stored].sort((a, b) => (a.id < b.id ? -1 : 1)));
  });

  it('reads blocks stored in layout 1 exactly, and compaction rewrites them in the current layout', async () => {
    const stored = [
      order('o-1', 2 ** 53 - 1, 3, {
        credits: [
          { participantId: 'p-1', share: 0.25 },
          { participantId: 'p-2', share: 0.75 },
        ],
        attributes: { région: 'nord' },
      }),
      order('ü-2', -150, 2),
    ];
    await facts.upsertMany(stored);
    // Turn the store into what the first block layout left behind: its blocks and its manifest entries.
    const blocks = store.db.collection<FactBlockDocument>('fact_blocks');
    for (const document of await blocks.find({}).toArray()) {
      await blocks.replaceOne({ _id: document._id }, asLayout1(document));
    }
    const manifests = store.db.collection<{ _id: number; blocks: { format?: number }[] }>('fact_manifests');
    for (const manifest of await manifests.find({}).toArray()) {
      const blocksOfLayout1 = manifest.blocks.map(({ format: _format, ...entry }) => entry);
      await manifests.updateOne({ _id: manifest._id }, { $set: { blocks: blocksOfLayout1 } });
    }
    const expected = [...stored].sort((a, b) => (a.id < b.id ? -1 : 1));
    const fresh = createRepositories(store.db).facts;
    expect(await all(fresh)).toEqual(expected);
    // Re-sending them is recognised as unchanged from the layout-1 hashes.
    expect(await fresh.upsertMany(stored)).toEqual({ inserted: 0, updated: 0, unchanged: 2 });

    expect(await fresh.compact()).toEqual({ blocksBefore: 1, blocksAfter: 1, rowsDropped: 0 });
    // The layout-1 block stays stored for the generations that list it; the current one lists only the rewrite.
    const current = (await fresh.current()).blocks.map((entry) => entry.id);
    const formats = (await blocks.find({ _id: { $in: current } }).toArray()).map(
      (document) => document.format,
    );
    expect(formats).toEqual([BLOCK_FORMAT]);
    expect(await all(createRepositories(store.db).facts)).toEqual(expected);
  });

  it('supersedes a changed fact: readers see only its new version, also when it moves to another month', async () => {
    await facts.upsertMany([order('o-1', 100), order('o-2', 200)]);
    const counts = await facts.upsertMany([order('o-1', 100), order('o-2', 250, 1, { date: '2025-02-10' })]);
    expect(counts).toEqual({ inserted: 0, updated: 1, unchanged: 1 });
    expect((await all(facts)).map((fact) => [fact.id, fact.date, fact.values.amount])).toEqual([
      ['o-1', '2025-01-01', 100],
      ['o-2', '2025-02-10', 250],
    ]);
    expect(await facts.countMatching({ from: '2025-01-01', to: '2025-01-31' })).toBe(1);
  });

  it('changes nothing in storage when an unchanged batch is sent again', async () => {
    await facts.upsertMany([order('o-1', 100)]);
    const before = await facts.current();
    expect(await facts.upsertMany([order('o-1', 100)])).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
    expect(await facts.current()).toEqual(before);
    expect(await store.db.collection('fact_blocks').countDocuments()).toBe(1);
  });

  it('deletes facts by external id and reports the ids it did not find', async () => {
    await facts.upsertMany([order('o-1', 100), order('o-2', 200)]);
    expect(await facts.deleteByIds(['o-1', 'o-9'])).toEqual({ deleted: 1, notFound: ['o-9'] });
    expect((await all(facts)).map((fact) => fact.id)).toEqual(['o-2']);
    expect(await facts.findByIds(['o-1'])).toEqual([]);
    // A deleted id can be imported again, as a new fact.
    expect(await facts.upsertMany([order('o-1', 100)])).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
  });

  it('never shows a reader the blocks of a write that did not commit, and a re-send repairs it', async () => {
    await facts.upsertMany([order('o-1', 100)]);
    // What a write cut after its blocks and before its manifest leaves behind.
    const orphan = [order('o-2', 200), order('o-3', 300)];
    await store.db
      .collection('fact_blocks')
      .insertOne(encodeBlock('orphan', 2, orphan, orphan.map(factHash)) as never);
    expect((await all(facts)).map((fact) => fact.id)).toEqual(['o-1']);
    expect(await facts.upsertMany(orphan)).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect((await all(facts)).map((fact) => fact.id)).toEqual(['o-1', 'o-2', 'o-3']);
  });

  it('lands both of two imports that commit at the same time (the loser retries on the new generation)', async () => {
    const other = createRepositories(store.db).facts;
    const [a, b] = await Promise.all([
      facts.upsertMany([order('a-1', 1), order('shared', 5)]),
      other.upsertMany([order('b-1', 2), order('shared', 5)]),
    ]);
    // One of them inserted 'shared' and the other found it unchanged, whichever committed first.
    expect(a.inserted + b.inserted).toBe(3);
    expect(a.unchanged + b.unchanged).toBe(1);
    expect((await all(facts)).map((fact) => fact.id)).toEqual(['a-1', 'b-1', 'shared']);
    expect((await facts.current()).generation).toBe(2);
  });

  it('compacts superseded rows away and merges small blocks of a month into one', async () => {
    for (let i = 0; i < 4; i++) await facts.upsertMany([order(`o-${i}`, 100 + i, i + 1)]);
    await facts.upsertMany([order('o-0', 999)]);
    const counts = await facts.compact();
    // 5 blocks (4 small ones, one with a superseded row) become 1 holding the 4 current facts.
    expect(counts).toEqual({ blocksBefore: 5, blocksAfter: 1, rowsDropped: 1 });
    expect((await all(facts)).map((fact) => [fact.id, fact.values.amount])).toEqual([
      ['o-0', 999],
      ['o-1', 101],
      ['o-2', 102],
      ['o-3', 103],
    ]);
  });

  describe('vacuum', () => {
    /** The amounts of a generation's facts by id, read from its blocks. */
    const amountsOf = async (generation: number) => {
      const manifest = await facts.generation(generation);
      if (!manifest) return null;
      const found: [string, unknown][] = [];
      for await (const { block, rows } of facts.streamBlocks({}, {}, manifest)) {
        const amounts = block.fields.get('amount')!;
        for (const row of rows)
          found.push([block.ids[row]!, Number((amounts as { values: BigInt64Array }).values[row])]);
      }
      return found.sort();
    };
    const storedBlocks = () => store.db.collection('fact_blocks').countDocuments();

    /** Generation 1 stores o-1 and o-2 (block A); 2 supersedes o-1 (block B); 3 compacts A and B into C. */
    const threeGenerations = async () => {
      await facts.upsertMany([order('o-1', 100), order('o-2', 200)]);
      await facts.upsertMany([order('o-1', 150)]);
      await facts.compact();
      expect((await facts.current()).generation).toBe(3);
    };

    it('keeps the current generation and those runs read, and removes the blocks only the others list', async () => {
      await threeGenerations();
      expect(await storedBlocks()).toBe(3);
      const counts = await facts.vacuum(new Set([1]), { graceMs: 0 });
      // Generation 2 listed A and B; A is still listed by the kept generation 1, so only B goes.
      expect(counts).toEqual({
        generationsKept: [1, 3],
        generationsRemoved: 1,
        blocksRemoved: 1,
        orphansRemoved: 0,
      });
      expect(await storedBlocks()).toBe(2);
      expect(await amountsOf(1)).toEqual([
        ['o-1', 100],
        ['o-2', 200],
      ]);
      expect(await amountsOf(2)).toBeNull();
      expect((await all(facts)).map((fact) => [fact.id, fact.values.amount])).toEqual([
        ['o-1', 150],
        ['o-2', 200],
      ]);
      expect(await facts.changesSince(1)).toMatchObject({ generation: 3, changes: [{ changed: 1 }] });
    });

    it('removes nothing that was current within the grace period, where a run may still be reading', async () => {
      await threeGenerations();
      const counts = await facts.vacuum(new Set(), { graceMs: 60 * 60 * 1000 });
      expect(counts).toEqual({
        generationsKept: [1, 2, 3],
        generationsRemoved: 0,
        blocksRemoved: 0,
        orphansRemoved: 0,
      });
      expect(await storedBlocks()).toBe(3);
    });

    it('removes the blocks of a writer that died before its manifest, but not those of one at work', async () => {
      await threeGenerations();
      const blocks = store.db.collection('fact_blocks');
      // A writer that planned on generation 1 wrote its block for generation 2 and died: manifest
      // 2 exists (another writer's), so that block can never be committed. One that plans on the
      // current generation 3 writes for 4, which no manifest lists yet.
      const dead = encodeBlock('order:2025-01:2:dead', 2, [order('o-9', 900)], [factHash(order('o-9', 900))]);
      const atWork = encodeBlock(
        'order:2025-01:4:busy',
        4,
        [order('o-8', 800)],
        [factHash(order('o-8', 800))],
      );
      await blocks.insertMany([dead, atWork] as never[]);
      const counts = await facts.vacuum(new Set([1, 2]), { graceMs: 0 });
      expect(counts.orphansRemoved).toBe(1);
      expect(await blocks.countDocuments({ _id: 'order:2025-01:2:dead' as never })).toBe(0);
      expect(await blocks.countDocuments({ _id: 'order:2025-01:4:busy' as never })).toBe(1);
      // Nothing a generation lists went: all three stay readable.
      expect(await amountsOf(2)).toEqual([
        ['o-1', 150],
        ['o-2', 200],
      ]);
    });

    it('finds the current facts when the head names a generation a vacuum removed', async () => {
      await threeGenerations();
      await facts.vacuum(new Set(), { graceMs: 0 });
      // A reader that read the head before the vacuum moved it, or a head left behind.
      await store.db
        .collection('fact_head')
        .updateOne({ _id: 'facts' as never }, { $set: { generation: 1 } });
      const fresh = createRepositories(store.db).facts;
      expect((await fresh.current()).generation).toBe(3);
      expect((await all(fresh)).map((fact) => fact.id)).toEqual(['o-1', 'o-2']);
    });
  });

  it('shows a reader running during compactions the old blocks or the new ones, never both and never neither', async () => {
    const month = (i: number) => `2025-0${(i % 3) + 1}-${String((i % 28) + 1).padStart(2, '0')}`;
    for (let batch = 0; batch < 6; batch++) {
      await facts.upsertMany(
        Array.from({ length: 50 }, (_, i) =>
          order(`o-${batch}-${i}`, batch * 1000 + i, 1, { date: month(i) }),
        ),
      );
    }
    // Six small blocks a month; supersede one row of each batch, so that January has dead rows too.
    await facts.upsertMany(
      Array.from({ length: 6 }, (_, batch) => order(`o-${batch}-0`, 7, 1, { date: month(0) })),
    );
    const expected = (await all(facts)).map((fact) => `${fact.id}=${fact.values.amount}`);
    expect(expected).toHaveLength(300);
    const reader = createRepositories(store.db).facts;
    let compacting = true;
    const reads: string[][] = [];
    const readLoop = (async () => {
      while (compacting || reads.length < 3) {
        reads.push((await all(reader)).map((fact) => `${fact.id}=${fact.values.amount}`));
      }
    })();
    // One month at a time, so that readers overlap several generations of different layouts.
    const rewrites: number[] = [];
    try {
      for (const partition of ['order 2025-01', 'order 2025-02', 'order 2025-03']) {
        const { blocksBefore, blocksAfter } = await facts.compact(new Set([partition]));
        rewrites.push(blocksBefore - blocksAfter);
      }
    } finally {
      compacting = false;
      await readLoop;
    }
    // January: 7 blocks (6 batches, 1 of superseding rows) become 1; February and March: 6 become 1.
    expect(rewrites).toEqual([6, 5, 5]);
    expect((await facts.current()).blocks).toHaveLength(3);
    for (const read of reads) expect(read).toEqual(expected);
  });

  it('pages facts by external id with filters on account, kind and day', async () => {
    await facts.upsertMany([
      order('o-3', 1, 3),
      order('o-1', 1, 1),
      order('o-2', 1, 2, { accountId: 'a-2' }),
      order('o-4', 1, 20),
      { ...order('c-1', 1, 2), kind: 'churn', values: { amount: 1, productLine: 'x' } },
    ]);
    const first = await facts.findPage({ first: 2 }, { kinds: ['order'], to: '2025-01-10' });
    expect(first.items.map((fact) => fact.id)).toEqual(['o-1', 'o-2']);
    expect(first.hasNextPage).toBe(true);
    const second = await facts.findPage({ first: 2, after: 'o-2' }, { kinds: ['order'], to: '2025-01-10' });
    expect(second.items.map((fact) => fact.id)).toEqual(['o-3']);
    expect(second.hasNextPage).toBe(false);
    expect((await facts.findPage({ first: 10 }, { accountId: 'a-2' })).items.map((fact) => fact.id)).toEqual([
      'o-2',
    ]);
    expect((await facts.findPage({ last: 2 })).items.map((fact) => fact.id)).toEqual(['o-3', 'o-4']);
  });
});
