import { MongoServerError } from 'mongodb';

/** A write that collided with a unique index: the record (or version) already exists. */
export class ConflictError extends Error {
  override name = 'ConflictError';
  constructor(
    message: string,
    /** The collection whose unique index refused the write. */
    readonly collection: string,
  ) {
    super(message);
  }
}

const DUPLICATE_KEY = 11000;

/** True for MongoDB's duplicate key error (code 11000), which FerretDB reports the same way. */
export function isDuplicateKeyError(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}

/** Runs a write and turns a duplicate key error into a ConflictError. */
export async function orConflict<T>(
  collection: string,
  message: string,
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isDuplicateKeyError(error)) throw new ConflictError(message, collection);
    throw error;
  }
}
