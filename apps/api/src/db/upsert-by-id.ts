import { BSON, type Collection, type Document, MongoBulkWriteError } from 'mongodb';

/** How a batch of replace-by-id writes landed. */
export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

const DUPLICATE_KEY = 11000;

/** Documents per insert call: bounds the size of one request. */
const INSERT_CHUNK = 10_000;
/** Up to this many existing ids are read with `$in`; more are read in one pass over the collection. */
const IN_LIMIT = 1_000;
/**
 * Replacements per bulk write, for every bulk update in the API. The embedded FerretDB 1.24 never
 * answers an update command of 100 or more statements that replace stored documents (the outage
 * and limits tests found it: re-importing 150 changed participants, or setting 1,000 stored
 * exchange rates again, hung), so stay below that.
 */
export const REPLACEMENTS_PER_WRITE = 50;

/**
 * Stores each document under its `_id`, replacing a different stored version. Documents identical
 * to the stored ones are not written, so re-sending a batch reports every record unchanged and
 * changes nothing. Only unordered bulk writes, no transactions (the MongoDB subset of README.md,
 * "Using a real MongoDB"): batches are validated before they get here, and a failure half-way is
 * repaired by sending them again.
 *
 * New records are the common case, so everything is inserted first and the unique `_id` index
 * sorts out which records already exist. FerretDB answers every query but `_id` equality by
 * reading the whole collection (`$in` too, whose cost grows with the list; `_id` equality uses the
 * index in the embedded build, docs/storage.md), so more than IN_LIMIT existing ids are looked up
 * in a single pass instead of many `$in` queries.
 */
export async function upsertById<T extends Document & { _id: string }>(
  collection: Collection<T>,
  documents: readonly T[],
  onProgress?: (written: number, total: number) => void,
): Promise<UpsertCounts> {
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  const existing: T[] = [];
  for (let start = 0; start < documents.length; start += INSERT_CHUNK) {
    const chunk = documents.slice(start, start + INSERT_CHUNK);
    try {
      const result = await collection.insertMany(chunk as never[], { ordered: false });
      counts.inserted += result.insertedCount;
    } catch (error) {
      if (!(error instanceof MongoBulkWriteError)) throw error;
      const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
      if (!writeErrors.every((writeError) => writeError.code === DUPLICATE_KEY)) throw error;
      counts.inserted += error.insertedCount;
      for (const writeError of writeErrors) existing.push(chunk[writeError.index]!);
    }
    onProgress?.(Math.min(start + INSERT_CHUNK, documents.length), documents.length);
  }
  if (existing.length === 0) return counts;

  const stored = await readStored(collection, new Set(existing.map((document) => document._id)));
  const changed = existing.filter((document) => {
    const previous = stored.get(document._id);
    return !previous?.equals(Buffer.from(BSON.serialize(document)));
  });
  counts.unchanged = existing.length - changed.length;
  counts.updated = changed.length;
  for (let start = 0; start < changed.length; start += REPLACEMENTS_PER_WRITE) {
    await collection.bulkWrite(
      changed.slice(start, start + REPLACEMENTS_PER_WRITE).map((document) => ({
        replaceOne: { filter: { _id: document._id } as never, replacement: document as never },
      })),
      { ordered: false },
    );
  }
  return counts;
}

/** The stored documents with these ids, serialized to BSON for a byte-wise comparison. */
async function readStored<T extends Document & { _id: string }>(
  collection: Collection<T>,
  ids: ReadonlySet<string>,
): Promise<Map<string, Buffer>> {
  const filter = ids.size <= IN_LIMIT ? { _id: { $in: [...ids] } } : {};
  // promoteLongs: false keeps int64 money as Long, so the bytes compare equal to what we write.
  const stored = new Map<string, Buffer>();
  for await (const document of collection.find(filter as never, { promoteLongs: false })) {
    const id = String(document._id);
    if (ids.has(id)) stored.set(id, Buffer.from(BSON.serialize(document)));
  }
  return stored;
}
