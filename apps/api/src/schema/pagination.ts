import { GraphQLError } from 'graphql';
import { MAX_PAGE_SIZE, type Page, type PageRequest } from '../db/page.js';

/** Relay connection arguments as the client sent them. */
export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** A BAD_USER_INPUT error: a connection argument the client got wrong. */
export function badArgument(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

const encodeCursor = (id: string) => Buffer.from(id, 'utf8').toString('base64url');

function decodeCursor(cursor: string, argument: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (id.length === 0 || encodeCursor(id) !== cursor) {
    throw badArgument(
      `"${argument}" is not a cursor from this connection; pass an edge's cursor back unchanged.`,
    );
  }
  return id;
}

function checkPageSizes(args: ConnectionArgs): void {
  if (args.first != null && args.last != null) throw badArgument('Pass either "first" or "last", not both.');
  for (const name of ['first', 'last'] as const) {
    const size = args[name];
    if (size != null && (size < 1 || size > MAX_PAGE_SIZE)) {
      throw badArgument(
        `"${name}" must be between 1 and ${MAX_PAGE_SIZE}, got ${size}; page through with "after".`,
      );
    }
  }
}

/** Checks page sizes (1..MAX_PAGE_SIZE) and decodes cursors into a page request. */
export function toPageRequest(args: ConnectionArgs): PageRequest {
  checkPageSizes(args);
  return {
    first: args.first,
    last: args.last,
    after: args.after == null ? null : decodeCursor(args.after, 'after'),
    before: args.before == null ? null : decodeCursor(args.before, 'before'),
  };
}

/** A repository page as a relay connection; cursors are the (encoded) ids, or the keys `keyOf` gives. */
export function toConnection<T extends { id: string }>(page: Page<T>): ReturnType<typeof keyedConnection<T>>;
export function toConnection<T>(
  page: Page<T>,
  keyOf: (node: T) => string,
): ReturnType<typeof keyedConnection<T>>;
export function toConnection<T>(page: Page<T>, keyOf?: (node: T) => string) {
  return keyedConnection(page, keyOf ?? ((node) => (node as { id: string }).id));
}

function keyedConnection<T>(page: Page<T>, keyOf: (node: T) => string) {
  const edges = page.items.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/**
 * For connections over an immutable sequence (a backtest's rows in some order): cursors are
 * places in the sequence, `#<n>`, rather than ids.
 */
export function toPlacePageRequest(args: ConnectionArgs): {
  first?: number | null;
  last?: number | null;
  after?: number | null;
  before?: number | null;
} {
  checkPageSizes(args);
  const place = (cursor: string | null | undefined, argument: string) => {
    if (cursor == null) return null;
    const text = decodeCursor(cursor, argument);
    if (!/^#\d{1,9}$/.test(text)) {
      throw badArgument(
        `"${argument}" is not a cursor from this connection; pass an edge's cursor back unchanged.`,
      );
    }
    return Number(text.slice(1));
  };
  return {
    first: args.first,
    last: args.last,
    after: place(args.after, 'after'),
    before: place(args.before, 'before'),
  };
}

/** A page of a sequence as a relay connection; each cursor is its node's place. */
export function toPlaceConnection<T extends { index: number }>(page: Page<T>) {
  const edges = page.items.map((node) => ({ cursor: encodeCursor(`#${node.index}`), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
