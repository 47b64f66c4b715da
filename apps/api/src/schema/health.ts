import { builder } from './builder.js';

/** Longest `health` waits for the database's answer: load balancers probe with short timeouts. */
export const HEALTH_PING_TIMEOUT_MS = 800;

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
    description:
      'Liveness of the API and its database; needs no key. Answers within a second; HTTP 503 (with status "degraded") while the database does not answer.',
    authScopes: { public: true },
    resolve: async (_root, _args, context) => {
      try {
        // A race with a timer rather than the driver's timeoutMS, which a frozen server's open
        // connection outlasts: the answer must come within the second, whatever the driver does.
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error('ping timed out')), HEALTH_PING_TIMEOUT_MS);
        });
        try {
          await Promise.race([context.db.command({ ping: 1 }), late]);
        } finally {
          clearTimeout(timer);
        }
        return { status: 'ok', database: 'up' };
      } catch {
        // Load balancers read the status code, not the body.
        context.httpStatus = 503;
        return { status: 'degraded', database: 'down' };
      }
    },
  }),
);
