import type { GraphiQLOptions } from 'graphql-yoga';

/** GraphiQL only outside production; it sends JSON POSTs, so CSRF prevention lets it through. */
export function graphiql(production: boolean): GraphiQLOptions | false {
  return production ? false : { title: 'Attain API', defaultQuery: '{ health { status database } }' };
}
