import type { CreateIndexesOptions, Db, IndexSpecification } from 'mongodb';

/** An index declared as data beside the repository that owns the collection. */
export interface IndexSpec {
  key: IndexSpecification;
  options?: Pick<CreateIndexesOptions, 'unique' | 'name'>;
}

export interface CollectionIndexes {
  collection: string;
  indexes: readonly IndexSpec[];
}

/** Creates every declared index; safe to call at each start-up (createIndex is idempotent). */
export async function ensureIndexes(db: Db, declarations: readonly CollectionIndexes[]): Promise<void> {
  for (const { collection, indexes } of declarations) {
    for (const { key, options } of indexes) {
      await db.collection(collection).createIndex(key, options ?? {});
    }
  }
}
