import { builder } from './builder.js';

const Health = builder.simpleObject('Health', {
  description: 'Whether the API and its database answer.',
  fields: (t) => ({
    status: t.string({ description: '"ok" when the database answered a ping.' }),
    database: t.string({ description: '"up" or "down".' }),
  }),
});

builder.queryField('health', (t) =>
  t.field({
    type: Health,
    description: 'Liveness of the API and its database; needs no key.',
    authScopes: { public: true },
    resolve: async (_root, _args, { db }) => {
      try {
        await db.command({ ping: 1 });
        return { status: 'ok', database: 'up' };
      } catch {
        return { status: 'degraded', database: 'down' };
      }
    },
  }),
);
