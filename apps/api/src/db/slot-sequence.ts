import type { Collection, Document } from 'mongodb';
import { isDuplicateKeyError } from './errors.js';

/** How often appendToSequence retries when other writers took the slots it meant to take. */
const APPEND_ATTEMPTS = 50;

/** The `_id` of a slot: the sequence's key and the slot number, 6 digits so ids sort by slot. */
export function slotId(key: string, slot: number): string {
  return `${key}/${String(slot).padStart(6, '0')}`;
}

/**
 * Reads a sequence of immutable documents `<key>/000000`, `<key>/000001`, ... up to the first
 * missing slot: one `_id` lookup per slot (the query FerretDB answers without a scan), none for
 * the documents `known` holds already.
 */
export async function readSequence<D extends Document & { _id: string }, T>(
  collection: Collection<D>,
  key: string,
  decode: (document: D) => T,
  known: Map<string, T>,
): Promise<T[]> {
  const out: T[] = [];
  for (let slot = 0; ; slot++) {
    const id = slotId(key, slot);
    let item = known.get(id);
    if (item === undefined) {
      const document = (await collection.findOne({ _id: id } as never)) as D | null;
      if (!document) return out;
      item = decode(document);
      known.set(id, item);
    }
    out.push(item);
  }
}

/**
 * Appends a document at the first free slot of a sequence. A slot is taken by inserting its
 * `_id`; of two writers racing for one, the unique `_id` lets one win and the other takes the
 * next: no transaction, no compare-and-swap (docs/storage.md, "Generations"). `check`, when
 * given, runs before each attempt on the sequence before the slot and may throw to write nothing.
 * Returns the item and the sequence before it.
 */
export async function appendToSequence<D extends Document & { _id: string }, T>(
  collection: Collection<D>,
  key: string,
  decode: (document: D) => T,
  known: Map<string, T>,
  make: (slot: number, id: string) => D,
  check?: (before: readonly T[]) => Promise<void>,
): Promise<{ item: T; before: T[] }> {
  for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt++) {
    const before = await readSequence(collection, key, decode, known);
    // Checked against exactly the items before the slot: a writer that takes the slot first makes
    // this insert fail, so the check runs again with its item in view.
    await check?.(before);
    const id = slotId(key, before.length);
    const document = make(before.length, id);
    try {
      await collection.insertOne(document as never);
      const item = decode(document);
      known.set(id, item);
      return { item, before };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
  throw new Error(`Could not take a slot of ${key} after ${APPEND_ATTEMPTS} attempts.`);
}
