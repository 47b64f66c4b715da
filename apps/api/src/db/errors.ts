import {
  MongoError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';

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

/**
 * True when the database could not be reached (stopped, restarting, network cut): not a bug in
 * the request, and the same request works once the database is back. A bulk write reports the
 * network failure inside its own error, hence the look at `errorResponse` and `cause`.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError
  ) {
    return true;
  }
  if (!(error instanceof MongoError) || depth > 3) return false;
  const inner = error as MongoError & { errorResponse?: unknown };
  return (
    isDatabaseUnavailable(inner.errorResponse, depth + 1) || isDatabaseUnavailable(inner.cause, depth + 1)
  );
}
