import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type GraphiQLOptions, type Plugin, renderGraphiQL } from 'graphql-yoga';

/** GraphiQL only outside production; it sends JSON POSTs, so CSRF prevention lets it through. */
export function graphiql(production: boolean): GraphiQLOptions | false {
  return production ? false : { title: 'Attain API', defaultQuery: '{ health { status database } }' };
}

/** Where the API serves GraphiQL's scripts and styles, from the installed package. */
export const GRAPHIQL_ASSETS_PATH = '/graphiql-assets/';

/** The files GraphiQL's page loads, and their media types: nothing else is served. */
const ASSETS: Record<string, string> = {
  'yoga-graphiql.umd.js': 'text/javascript; charset=utf-8',
  'graphiql.css': 'text/css; charset=utf-8',
  'monacoeditorwork/editor.worker.bundle.js': 'text/javascript; charset=utf-8',
  'monacoeditorwork/json.worker.bundle.js': 'text/javascript; charset=utf-8',
  'monacoeditorwork/graphql.worker..bundle.js': 'text/javascript; charset=utf-8',
};

const CDN_BASE = /https:\/\/unpkg\.com\/@graphql-yoga\/graphiql@[^/]+\/dist\//g;

/**
 * Yoga's GraphiQL page, with its CDN addresses pointed at this server: with no internet access
 * (a laptop on a plane, a locked-down network) the page from the CDN stays blank.
 */
export function renderOfflineGraphiQL(options: GraphiQLOptions): string {
  return renderGraphiQL(options)
    .replace(CDN_BASE, GRAPHIQL_ASSETS_PATH)
    .replace(/<link rel=icon [^>]*>/, '');
}

function assetsDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@graphql-yoga/graphiql/package.json')), 'dist');
}

/** Serves GraphiQL's assets from `@graphql-yoga/graphiql` (outside production only). */
export function useGraphiQLAssets(): Plugin {
  const cache = new Map<string, string>();
  return {
    onRequest({ url, endResponse }) {
      if (!url.pathname.startsWith(GRAPHIQL_ASSETS_PATH)) return;
      const name = url.pathname.slice(GRAPHIQL_ASSETS_PATH.length);
      const type = ASSETS[name];
      if (!type) {
        endResponse(new Response('Not found.', { status: 404 }));
        return;
      }
      let body = cache.get(name);
      if (!body) {
        body = readFileSync(join(assetsDir(), name), 'utf8');
        cache.set(name, body);
      }
      endResponse(
        new Response(body, { headers: { 'content-type': type, 'cache-control': 'public, max-age=86400' } }),
      );
    },
  };
}
