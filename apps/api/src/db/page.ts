import type { Collection, Document, Filter } from 'mongodb';

/** The largest page a connection returns; documented in docs/api.md. */
export const MAX_PAGE_SIZE = 100;
/** The page size when the client asks for none. */
export const DEFAULT_PAGE_SIZE = 20;

/** Relay pagination arguments after validation: cursors are the stored `_id` strings. */
export interface PageRequest {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

/**
 * One page ordered by `_id` (keyset pagination: stable while documents are added; on FerretDB a
 * page still reads the whole collection, as any query but `_id` equality does). Reads one
 * document more than asked to know whether another page follows.
 */
export async function findPage<T extends Document & { _id: string }>(
  collection: Collection<T>,
  filter: Filter<T>,
  request: PageRequest,
): Promise<Page<T>> {
  const backwards = request.last != null && request.first == null;
  const size = (backwards ? request.last : request.first) ?? DEFAULT_PAGE_SIZE;
  const idRange: Record<string, string> = {};
  if (request.after != null) idRange.$gt = request.after;
  if (request.before != null) idRange.$lt = request.before;
  const query = Object.keys(idRange).length > 0 ? { $and: [filter, { _id: idRange }] } : filter;
  const found = (await collection
    .find(query as Filter<T>)
    .sort({ _id: backwards ? -1 : 1 })
    .limit(size + 1)
    .toArray()) as T[];
  const more = found.length > size;
  const items = found.slice(0, size);
  if (backwards) items.reverse();
  return {
    items,
    hasNextPage: backwards ? request.before != null : more,
    hasPreviousPage: backwards ? more : request.after != null,
  };
}

/**
 * One page of a list already in memory (a team's members, the exchange rates), by the same
 * rules as `findPage`: `items` sorted by `keyOf` ascending, keys unique; the cursors are keys,
 * so a page stays where it was while items are added.
 */
export function pageOfSorted<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  request: PageRequest,
): Page<T> {
  const backwards = request.last != null && request.first == null;
  const size = (backwards ? request.last : request.first) ?? DEFAULT_PAGE_SIZE;
  const inRange = items.filter((item) => {
    const key = keyOf(item);
    return (request.after == null || key > request.after) && (request.before == null || key < request.before);
  });
  const page = backwards ? inRange.slice(Math.max(0, inRange.length - size)) : inRange.slice(0, size);
  const more = inRange.length > size;
  return {
    items: page,
    hasNextPage: backwards ? request.before != null : more,
    hasPreviousPage: backwards ? more : request.after != null,
  };
}
