import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin, { decodeGlobalID, resolveNodes } from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import SimpleObjectsPlugin from '@pothos/plugin-simple-objects';
import ValidationPlugin from '@pothos/plugin-validation';
import { GraphQLError, type GraphQLSchema, isObjectType } from 'graphql';
import type { Context } from '../context.js';
import { MAX_PAGE_SIZE } from '../db/page.js';
import type { Attributes } from '../repositories/attributes.js';

/**
 * Scopes a field or type declares (deny by default: a root field without `authScopes` fails the
 * schema test). `admin`, `analyst`, `participant`, `service` hold for keys of that role;
 * `self: id` holds for a participant key bound to that participant; `public` always holds and
 * marks the few fields that need no key (health).
 */
export interface AuthScopes {
  public: boolean;
  admin: boolean;
  analyst: boolean;
  participant: boolean;
  service: boolean;
  self: string;
}

/**
 * The answer to every request without a valid key. It names the usual causes but, being the same
 * whatever the cause, tells a guesser nothing about which one applies.
 */
export const UNAUTHORIZED_MESSAGE =
  'Unauthorized: no valid API key. The usual causes: no "Authorization: Bearer <key>" header (or a malformed one); a mistyped or revoked key; or a key created in another database (create-key prints the database it wrote to, and the start-up banner the command for this server\'s).';

/** The one Pothos builder; every schema/<type>.ts adds its types and fields to it. */
export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: AuthScopes;
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: true;
  Scalars: {
    ID: { Input: string; Output: string };
    Day: { Input: string; Output: string };
    MinorUnits: { Input: number; Output: number };
    Attributes: { Input: Attributes; Output: Attributes };
  };
}>({
  // scope-auth first so no other plugin's wrapper runs before authorization.
  plugins: [
    ScopeAuthPlugin,
    RelayPlugin,
    ErrorsPlugin,
    DataloaderPlugin,
    ValidationPlugin,
    SimpleObjectsPlugin,
  ],
  defaultFieldNullability: false,
  defaultInputFieldRequiredness: true,
  scopeAuth: {
    // Without it a subscription runs its subscribe function before any scope is checked: a
    // request without a key would subscribe, and learn whether the id exists.
    authorizeOnSubscribe: true,
    authScopes: (context) => ({
      public: true,
      admin: context.apiKey?.role === 'admin',
      analyst: context.apiKey?.role === 'analyst',
      participant: context.apiKey?.role === 'participant',
      service: context.apiKey?.role === 'service',
      self: (participantId) =>
        context.apiKey?.role === 'participant' && context.apiKey.participantId === participantId,
    }),
    // A request without a valid key learns nothing more than "unauthenticated".
    unauthorizedError: (_parent, context, info) => {
      const code = context.apiKey ? 'FORBIDDEN' : 'UNAUTHENTICATED';
      if (info.parentType.name === 'Mutation') {
        context.audit.push({
          at: new Date(),
          keyId: context.apiKey?.id ?? null,
          role: context.apiKey?.role ?? null,
          mutation: info.fieldName,
          arguments: {},
          outcome: code,
        });
      }
      return context.apiKey
        ? new GraphQLError('This API key may not do this.', { extensions: { code, http: { status: 403 } } })
        : new GraphQLError(UNAUTHORIZED_MESSAGE, { extensions: { code, http: { status: 401 } } });
    },
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodesQueryOptions: false,
    // Our own `node` field (below), which authorizes before it decodes the id.
    nodeQueryOptions: false,
    nodeTypeOptions: { description: 'An object with a global id.' },
    pageInfoTypeOptions: { description: 'Where a page sits in its connection.' },
    // Every connection, edge and paging argument is described once here, so a new connection
    // field is described without repeating these sentences.
    idFieldOptions: { description: 'Global id of this object: opaque, stable, accepted by `node(id:)`.' },
    defaultConnectionTypeOptions: {
      description:
        'One page of a list in a stable order: `edges` holds the items, `pageInfo` how to ask for the next page.',
    },
    defaultEdgeTypeOptions: { description: 'One item of a page, with the cursor that marks its position.' },
    edgesFieldOptions: {
      description: "The items of this page, in the connection's order; empty past the end.",
    },
    pageInfoFieldOptions: { description: 'Whether there are more pages, and the cursors to ask for them.' },
    cursorFieldOptions: {
      description: 'Opaque position of this item: pass it back as `after` (or `before`) to page from here.',
    },
    nodeFieldOptions: { description: 'The item itself.' },
    hasNextPageFieldOptions: {
      description: 'True when a page follows this one (ask for it with `after: endCursor`).',
    },
    hasPreviousPageFieldOptions: {
      description: 'True when a page precedes this one (ask for it with `before: startCursor`).',
    },
    startCursorFieldOptions: {
      description: 'Cursor of the first item of this page; null when the page is empty.',
    },
    endCursorFieldOptions: {
      description: 'Cursor of the last item of this page; null when the page is empty.',
    },
    firstArgOptions: {
      description: `Page size from the start (or from \`after\`): 1 to ${MAX_PAGE_SIZE}; a BAD_USER_INPUT error outside. Not with \`last\`.`,
    },
    lastArgOptions: {
      description: `Page size from the end (or before \`before\`): 1 to ${MAX_PAGE_SIZE}; a BAD_USER_INPUT error outside. Not with \`first\`.`,
    },
    afterArgOptions: {
      description:
        'Return the items after this cursor (an `endCursor` or edge `cursor`); null: from the start.',
    },
    beforeArgOptions: {
      description:
        'Return the items before this cursor (a `startCursor` or edge `cursor`); null: up to the end.',
    },
  },
  errors: {
    directResult: true,
    defaultUnionOptions: {
      description:
        'What the field returns: its result, or one of the typed errors listed here (each implements `Error`; switch on `__typename` or `code`).',
    },
    defaultResultOptions: { description: 'The successful outcome; the value is in `data`.' },
  },
});

/** Node types only readers may see; their loaders do not filter by key (see schema/access.ts). */
const READER_ONLY_NODES = new Set(['Plan', 'PlanVersion', 'PayoutRun', 'Backtest']);

/** A global id decoded to a node type of this schema and its id, or null for anything else. */
function decodeNodeId(globalId: string, schema: GraphQLSchema): { typename: string; id: string } | null {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    return null;
  }
  const type = schema.getType(decoded.typename);
  const isNode = isObjectType(type) && type.getInterfaces().some((face) => face.name === 'Node');
  return isNode ? decoded : null;
}

/** Keys that read everything: admins, analysts and read-only services. */
export const READERS = { admin: true, analyst: true, service: true } as const;

/** Readers, or the participant key bound to `participantId`. */
export function readersOrSelf(participantId: string): Partial<AuthScopes> {
  return { ...READERS, self: participantId };
}

/** True when the request's key reads everything. */
export function isReader(context: Context): boolean {
  const role = context.apiKey?.role;
  return role === 'admin' || role === 'analyst' || role === 'service';
}

builder.queryType({ description: 'Reads. Every field names the roles that may call it (docs/api.md).' });
builder.mutationType({ description: 'Writes: admin keys only; every call is recorded in the audit log.' });

builder.queryField('node', (t) =>
  t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    description: 'Any object by its global id; null when it does not exist or this key may not see it.',
    authScopes: { admin: true, analyst: true, service: true, participant: true },
    // A plain ID decoded in the resolver, after authorization: the relay plugin decodes its
    // argument first, which answered "Invalid global ID" to a request without a key, not 401.
    args: { id: t.arg.id({ description: 'The `id` of any object.' }) },
    resolve: async (_root, args, context, info) => {
      const decoded = decodeNodeId(args.id, info.schema);
      if (!decoded) return null;
      // Only readers see these types at all: null, as for a missing id, tells a participant key
      // nothing about whether the record exists.
      if (READER_ONLY_NODES.has(decoded.typename) && !isReader(context)) return null;
      const [node] = await resolveNodes(builder, context, info, [decoded]);
      return (node ?? null) as never;
    },
  }),
);
