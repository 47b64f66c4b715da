import { createApiKey, requireOwner } from '../auth/create-api-key.js';
import type { ROLES } from '../auth/roles.js';
import { InvalidInputError, NotFoundError, quoted } from '../errors.js';
import type { ApiKey } from '../repositories/api-keys.js';
import { audited } from './audit.js';
import { builder } from './builder.js';
import { toConnection, toPageRequest } from './pagination.js';

export const RoleEnum = builder.enumType('Role', {
  description: 'What an API key may do (docs/api.md, "Access control").',
  values: {
    admin: { description: 'Everything, including imports and key management.' },
    analyst: { description: 'Reads everything; runs backtests.' },
    participant: { description: "Reads only its own participant's profile and data." },
    service: { description: 'Reads everything; writes nothing (front ends).' },
  } satisfies Record<(typeof ROLES)[number], unknown>,
});

const ApiKeyRef = builder.objectRef<ApiKey>('ApiKey').implement({
  description: 'An API key. Its secret is never stored or shown again after creation.',
  authScopes: { admin: true },
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Pass to revokeApiKey.' }),
    name: t.exposeString('name', { description: 'Who or what uses the key, as given at creation.' }),
    role: t.field({ type: RoleEnum, description: 'What the key may do.', resolve: (key) => key.role }),
    participantId: t.exposeString('participantId', {
      nullable: true,
      description: 'For participant keys: the participant whose data the key reads.',
    }),
    owner: t.exposeString('owner', {
      nullable: true,
      description:
        'Who holds the key (a person, e.g. an email), as given at creation; four eyes compare owners. Null when none was given: the key then counts as a person of its own.',
    }),
    createdAt: t.string({ description: 'ISO timestamp.', resolve: (key) => key.createdAt.toISOString() }),
    revokedAt: t.string({
      nullable: true,
      description: 'ISO timestamp; a revoked key authenticates nothing.',
      resolve: (key) => key.revokedAt?.toISOString() ?? null,
    }),
  }),
});

const CreatedApiKeyRef = builder.simpleObject('CreatedApiKey', {
  description: 'A new key and its secret. Store the secret now: it is shown this once.',
  fields: (t) => ({
    key: t.field({ type: ApiKeyRef, description: "The new key's record (without its secret)." }),
    secret: t.string({ description: 'Send as "Authorization: Bearer <secret>".' }),
  }),
});

builder.queryField('apiKeys', (t) =>
  t.field({
    type: [ApiKeyRef],
    description: 'All API keys, newest first (admin).',
    deprecationReason:
      'Unpaged: it returns every key however many there are. Use apiKeysConnection, at most 100 a page.',
    authScopes: { admin: true },
    resolve: (_root, _args, { repositories }) => repositories.apiKeys.findAll(),
  }),
);

builder.queryField('apiKeysConnection', (t) =>
  t.connection({
    type: ApiKeyRef,
    description:
      'API keys, revoked ones included, at most 100 a page, in id order (keys get random ids, so this is not creation order; `createdAt` says when) (admin).',
    authScopes: { admin: true },
    resolve: async (_root, args, { repositories }) =>
      toConnection(await repositories.apiKeys.findPage(toPageRequest(args))),
  }),
);

const ViewerRef = builder.simpleObject('Viewer', {
  description: 'The API key a request is sent with: what a front end shows its user.',
  authScopes: { admin: true, analyst: true, participant: true, service: true },
  fields: (t) => ({
    role: t.field({ type: RoleEnum, description: "The key's role." }),
    participantId: t.string({
      nullable: true,
      description: 'The participant a participant key reads (external id); null for other roles.',
    }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: ViewerRef,
    description:
      "The role of the request's key, and its participant for a participant key; a request without a valid key gets 401.",
    authScopes: { admin: true, analyst: true, participant: true, service: true },
    resolve: (_root, _args, { apiKey }) => ({
      role: apiKey!.role,
      participantId: apiKey!.participantId,
    }),
  }),
);

builder.mutationField('createApiKey', (t) =>
  t.field({
    type: CreatedApiKeyRef,
    description: 'Creates an API key and returns its secret once (admin).',
    authScopes: { admin: true },
    errors: { types: [InvalidInputError, NotFoundError] },
    args: {
      name: t.arg.string({ description: 'Who or what uses the key, e.g. "rep portal".' }),
      role: t.arg({ type: RoleEnum, description: 'What the key may do.' }),
      participantId: t.arg.string({
        required: false,
        description: 'Required for participant keys: the external id of their participant.',
      }),
      owner: t.arg.string({
        required: false,
        description:
          'Who holds the key, e.g. "dana@example.com" (1 to 200 characters). Required for admin and analyst keys (INVALID_INPUT without it): an approval is refused when the calculating and the approving key have the same owner (four eyes). Null for participant and service keys: the key counts as a person of its own.',
      }),
    },
    resolve: audited(async (_root, args, { repositories }) => {
      requireOwner(args.role, args.owner);
      return createApiKey(repositories, args);
    }),
  }),
);

builder.mutationField('revokeApiKey', (t) =>
  t.field({
    type: ApiKeyRef,
    description: 'Revokes a key; it stops working with the next request (admin).',
    authScopes: { admin: true },
    errors: { types: [NotFoundError] },
    args: { id: t.arg.id({ description: 'The key id from apiKeys or createApiKey.' }) },
    resolve: audited(async (_root, { id }, { repositories }) => {
      const key = await repositories.apiKeys.revoke(String(id));
      if (!key)
        throw new NotFoundError(`No API key has id ${quoted(String(id))}; list them with the apiKeys query.`);
      return key;
    }),
  }),
);
