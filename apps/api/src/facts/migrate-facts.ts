/**
 * Converts a database with one document per fact (the `facts` collection of Attain before fact
 * blocks) into blocks (docs/storage.md). Resumable: it walks the old collection in `_id` order,
 * writes each chunk through the import path (so a chunk written twice is reported unchanged and
 * changes nothing), and keeps the last `_id` done in `fact_migration`. Count and checksum of the
 * old collection and of the blocks are compared at the end.
 */
import type { Db, Long } from 'mongodb';
import { fromStoredDay } from '../db/days.js';
import { fromStoredMinor } from '../db/money.js';
import type { Attributes } from '../repositories/attributes.js';
import { factHash } from '../repositories/fact-blocks.js';
import type { Fact, FactsRepository, FactValue } from '../repositories/facts.js';
import { type FactKind, factFields, isFactKind } from './fact-kinds.js';

/** The old layout: kind fields at the top level, a BSON date, int64 money. */
type OldFactDocument = {
  _id: string;
  kind: string;
  date: Date;
  accountId: string;
  currency: string | null;
  credits?: { participantId: string; share: number }[];
  attributes?: Attributes;
} & Record<string, unknown>;

interface MigrationState {
  _id: string;
  /** The last old `_id` written to blocks; the next run starts after it. */
  lastId: string | null;
  migrated: number;
  /** Count and checksum sum (hex) of the old documents read so far, across resumed runs. */
  tallyCount: number;
  tallySum: string;
  done: boolean;
}

/** A count and an order-free checksum (sum of the facts' content hashes, mod 2^64). */
export interface FactTally {
  count: number;
  checksum: string;
}

export interface MigrationReport {
  /** The old documents, read chunk by chunk (across resumed runs). */
  before: FactTally;
  after: FactTally;
  /** Old documents written to blocks by this run (a resumed run counts only its own). */
  migrated: number;
  /** False when the run stopped early (maxChunks) and must be resumed. */
  finished: boolean;
  /** True when the count and checksum of the blocks equal the old collection's. */
  verified: boolean;
}

export interface MigrationOptions {
  /** Old documents per chunk (one generation each). */
  chunk?: number;
  /** Stop after this many chunks (to test resuming; a real run leaves it out). */
  maxChunks?: number;
  onProgress?: (done: number, total: number) => void;
}

export const OLD_FACTS = 'facts';
const STATE = 'fact_migration';

/**
 * Migrates the old `facts` collection into blocks, resuming after the last chunk a previous run
 * finished. Returns null when there is nothing to migrate (no old collection or it is empty).
 */
export async function migrateFacts(
  db: Db,
  facts: FactsRepository,
  options: MigrationOptions = {},
): Promise<MigrationReport | null> {
  const old = db.collection<OldFactDocument>(OLD_FACTS);
  const state = db.collection<MigrationState>(STATE);
  const total = await old.estimatedDocumentCount();
  if (total === 0) return null;
  const chunk = options.chunk ?? 10_000;
  const saved = (await state.findOne({ _id: 'facts' })) ?? {
    _id: 'facts',
    lastId: null,
    migrated: 0,
    tallyCount: 0,
    tallySum: '0',
    done: false,
  };
  let { lastId, migrated } = saved;
  const tally = new Tally(saved.tallyCount, BigInt(`0x${saved.tallySum}`));
  let chunks = 0;
  let written = 0;
  let exhausted = false;
  while (options.maxChunks === undefined || chunks < options.maxChunks) {
    // A `_id` range in `_id` order is the one query FerretDB answers without reading everything.
    const documents = await old
      .find(lastId === null ? {} : { _id: { $gt: lastId } }, { promoteLongs: false })
      .sort({ _id: 1 })
      .limit(chunk)
      .toArray();
    if (documents.length === 0) {
      exhausted = true;
      break;
    }
    const batch = documents.map(toFact);
    await facts.upsertMany(batch, undefined, 'migrate');
    for (const fact of batch) tally.add(fact);
    lastId = documents.at(-1)!._id;
    migrated += documents.length;
    written += documents.length;
    chunks++;
    const { count, checksum } = tally.result();
    // Saved after the chunk's generation committed: a run cut before this line writes the chunk
    // again next time, which the import path reports unchanged.
    await state.replaceOne(
      { _id: 'facts' },
      { lastId, migrated, tallyCount: count, tallySum: checksum, done: false },
      { upsert: true },
    );
    options.onProgress?.(Math.min(migrated, total), total);
    if (documents.length < chunk) {
      exhausted = true;
      break;
    }
  }
  const before = tally.result();
  const after = await tallyBlocks(facts);
  const verified = exhausted && before.count === after.count && before.checksum === after.checksum;
  if (exhausted) {
    await state.replaceOne(
      { _id: 'facts' },
      { lastId, migrated, tallyCount: before.count, tallySum: before.checksum, done: verified },
      { upsert: true },
    );
  }
  return { before, after, migrated: written, finished: exhausted, verified };
}

/** True when the database has old one-document-per-fact facts that no finished, verified run moved. */
export async function needsFactMigration(db: Db): Promise<boolean> {
  if ((await db.collection(OLD_FACTS).estimatedDocumentCount()) === 0) return false;
  return (await db.collection<MigrationState>(STATE).findOne({ _id: 'facts' }))?.done !== true;
}

/** Count and checksum of the old one-document-per-fact collection. */
export async function tallyOld(db: Db): Promise<FactTally> {
  const tally = new Tally();
  for await (const document of db.collection<OldFactDocument>(OLD_FACTS).find({}, { promoteLongs: false })) {
    tally.add(toFact(document));
  }
  return tally.result();
}

/** Count and checksum of the current facts in blocks. */
export async function tallyBlocks(facts: FactsRepository): Promise<FactTally> {
  const tally = new Tally();
  for await (const fact of facts.streamMatching({})) tally.add(fact);
  return tally.result();
}

class Tally {
  constructor(
    private count = 0,
    private sum = 0n,
  ) {}

  add(fact: Fact): void {
    this.count++;
    this.sum = (this.sum + factHash(fact).readBigUInt64LE(0)) & 0xffff_ffff_ffff_ffffn;
  }

  result(): FactTally {
    return { count: this.count, checksum: this.sum.toString(16).padStart(16, '0') };
  }
}

/** An old document as a fact, exactly as the old repository read it. */
function toFact(document: OldFactDocument): Fact {
  if (!isFactKind(document.kind)) {
    throw new Error(`old fact ${document._id} has kind "${document.kind}", which this version does not know`);
  }
  const kind: FactKind = document.kind;
  const values: Record<string, FactValue> = {};
  for (const [name, field] of Object.entries(factFields(kind))) {
    const value = document[name];
    if (value === undefined || value === null) continue;
    values[name] =
      field.spec.type === 'money' ? fromStoredMinor(value as Long | number) : (value as FactValue);
  }
  return {
    id: document._id,
    kind,
    date: fromStoredDay(document.date),
    accountId: document.accountId,
    currency: document.currency ?? null,
    credits: (document.credits ?? []).map(({ participantId, share }) => ({ participantId, share })),
    values,
    attributes: document.attributes ?? {},
  };
}
