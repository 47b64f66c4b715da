import { GraphQLError } from 'graphql';
import { MAX_PAGE_SIZE, type Page, type PageRequest } from '../db/page.js';

/** Relay connection arguments as the client sent them. */
export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

function badArgument(message: string): GraphQLError {
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

/** Checks page sizes (1..MAX_PAGE_SIZE) and decodes cursors into a page request. */
export function toPageRequest(args: ConnectionArgs): PageRequest {
  if (args.first != null && args.last != null) throw badArgument('Pass either "first" or "last", not both.');
  for (const name of ['first', 'last'] as const) {
    const size = args[name];
    if (size != null && (size < 1 || size > MAX_PAGE_SIZE)) {
      throw badArgument(
        `"${name}" must be between 1 and ${MAX_PAGE_SIZE}, got ${size}; page through with "after".`,
      );
    }
  }
  return {
    first: args.first,
    last: args.last,
    after: args.after == null ? null : decodeCursor(args.after, 'after'),
    before: args.before == null ? null : decodeCursor(args.before, 'before'),
  };
}

/** A repository page as a relay connection; cursors are the (encoded) ids. */
export function toConnection<T extends { id: string }>(page: Page<T>) {
  const edges = page.items.map((node) => ({ cursor: encodeCursor(node.id), node }));
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
