import type { AuditEntry } from '../repositories/audit-log.js';
import { RoleEnum } from './api-keys.js';
import { builder } from './builder.js';
import { toConnection, toPageRequest } from './pagination.js';

const AuditArgumentRef = builder.simpleObject('AuditArgument', {
  description: 'One argument of a recorded mutation, summarised (lists by size, no secrets).',
  fields: (t) => ({
    name: t.string({ description: "The argument's name." }),
    value: t.string({ description: 'A summary of its value, e.g. "3 records"; never a secret.' }),
  }),
});

const AuditEntryRef = builder.objectRef<AuditEntry>('AuditEntry').implement({
  description: 'One mutation call: who, what, when, and how it ended. Entries are never changed.',
  authScopes: { admin: true },
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Id of the entry.' }),
    at: t.string({ description: 'ISO timestamp.', resolve: (entry) => entry.at.toISOString() }),
    keyId: t.exposeString('keyId', {
      nullable: true,
      description: 'Id of the API key that called; null for a call without a valid key.',
    }),
    role: t.field({
      type: RoleEnum,
      nullable: true,
      description: "The calling key's role; null for a call without a valid key.",
      resolve: (entry) => entry.role,
    }),
    mutation: t.exposeString('mutation', { description: 'The mutation field called, e.g. "importFacts".' }),
    arguments: t.field({
      type: [AuditArgumentRef],
      description: 'Its arguments, summarised.',
      resolve: (entry) => Object.entries(entry.arguments).map(([name, value]) => ({ name, value })),
    }),
    outcome: t.exposeString('outcome', { description: '"ok", or the error code the caller got.' }),
  }),
});

builder.queryField('auditLog', (t) =>
  t.connection({
    type: AuditEntryRef,
    description:
      'Recorded mutation calls, oldest first, at most 100 a page (admin). Use `last` for the newest.',
    authScopes: { admin: true },
    args: { mutation: t.arg.string({ required: false, description: 'Only calls of this mutation.' }) },
    resolve: async (_root, args, { repositories }) =>
      toConnection(
        await repositories.auditLog.findPage(toPageRequest(args), { mutation: args.mutation ?? undefined }),
      ),
  }),
);
