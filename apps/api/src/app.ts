import { createYoga } from 'graphql-yoga';
import type { Db } from 'mongodb';
import type { Context } from './context.js';
import { schema } from './schema/index.js';

export interface AppOptions {
  db: Db;
  production?: boolean;
}

/** Builds the GraphQL server from its dependencies; main.ts only reads the environment and listens. */
export function createApp({ db, production = false }: AppOptions) {
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphiql: !production,
    landingPage: false,
    maskedErrors: true,
    context: () => ({ db }),
  });
}

export type App = ReturnType<typeof createApp>;
