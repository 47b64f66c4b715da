import { type AnyBulkWriteOperation, BSON, type Collection, type Document } from 'mongodb';

/** How a batch of replace-by-id writes landed. */
export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** Documents read and written per round trip: bounds memory and the size of one `$in`. */
const CHUNK = 5_000;

/**
 * Stores each document under its `_id`, replacing what was there. Documents identical to the
 * stored ones are not written at all, so re-sending a batch changes nothing and reports every
 * record unchanged. Only unordered bulk writes, no transactions (DESIGN.md storage rules): a batch
 * is validated before it gets here, and a failure half-way is repaired by sending it again.
 */
export async function upsertById<T extends Document & { _id: string }>(
  collection: Collection<T>,
  documents: readonly T[],
  onProgress?: (written: number, total: number) => void,
): Promise<UpsertCounts> {
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  for (let start = 0; start < documents.length; start += CHUNK) {
    const chunk = documents.slice(start, start + CHUNK);
    const stored = new Map<string, Buffer>();
    const ids = chunk.map((document) => document._id);
    // promoteLongs: false keeps int64 money as Long, so the bytes compare equal to what we write.
    const cursor = collection.find({ _id: { $in: ids } } as never, { promoteLongs: false });
    for await (const existing of cursor) {
      stored.set(String(existing._id), Buffer.from(BSON.serialize(existing)));
    }
    const operations: AnyBulkWriteOperation<T>[] = [];
    for (const document of chunk) {
      const previous = stored.get(document._id);
      if (!previous) {
        counts.inserted += 1;
        operations.push({ insertOne: { document: document as never } });
      } else if (!previous.equals(Buffer.from(BSON.serialize(document)))) {
        counts.updated += 1;
        operations.push({
          replaceOne: { filter: { _id: document._id } as never, replacement: document as never },
        });
      } else {
        counts.unchanged += 1;
      }
    }
    if (operations.length > 0) await collection.bulkWrite(operations, { ordered: false });
    onProgress?.(Math.min(start + CHUNK, documents.length), documents.length);
  }
  return counts;
}
