import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Plugin } from 'graphql-yoga';

/** Media types of the files the console's build writes; a file of any other kind is not served. */
const MEDIA_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The console runs only its own scripts and talks only to this origin. Styles may be inline:
 * CodeMirror writes its theme into <style> elements at run time (style-mod), and inline styles
 * cannot run code.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/**
 * A file of the build: `/assets/<name>` or `/<name>`, one segment of plain characters each, so no
 * path can leave the folder (no `/`, `\`, `%` or `..` can reach the file system).
 */
const FILE_PATH = /^\/(?:assets\/)?([A-Za-z0-9_-][A-Za-z0-9._-]*)$/;

/** Paths the API answers itself: never the console's. */
const API_PATHS = ['/graphql', '/graphiql-assets/'];

/**
 * Serves the built console (apps/web/dist) at `/`: its files with their media types, and
 * index.html for any other GET of a page path (the console routes in the browser). Hashed assets
 * are cached for a year, index.html never. With no build, `/` says how to make one.
 */
export function useConsole(dir: string): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      const path = url.pathname;
      if (API_PATHS.some((prefix) => path.startsWith(prefix))) return;
      const file = FILE_PATH.exec(path);
      const name = file?.[1];
      const extension = name ? extensionOf(name) : '';
      if (name && extension !== '') {
        const type = MEDIA_TYPES[extension];
        const body = type
          ? await readOrNull(join(dir, path.startsWith('/assets/') ? 'assets' : '', name))
          : null;
        if (!type || !body) {
          endResponse(notFound());
          return;
        }
        const immutable = path.startsWith('/assets/');
        endResponse(
          new Response(request.method === 'HEAD' ? null : body, {
            headers: {
              'content-type': type,
              'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
              ...SECURITY_HEADERS,
            },
          }),
        );
        return;
      }
      const index = await readOrNull(join(dir, 'index.html'));
      if (!index) {
        endResponse(
          new Response(
            'The console is not built. Build it with `pnpm --filter @attain/web build`, or start with `pnpm start` from the repository root, which builds it first.\n',
            { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS } },
          ),
        );
        return;
      }
      endResponse(
        new Response(request.method === 'HEAD' ? null : index, {
          headers: {
            'content-type': MEDIA_TYPES['.html']!,
            'cache-control': 'no-cache',
            ...SECURITY_HEADERS,
          },
        }),
      );
    },
  };
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot).toLowerCase();
}

async function readOrNull(path: string): Promise<Uint8Array<ArrayBuffer> | null> {
  try {
    return new Uint8Array(await readFile(path));
  } catch {
    return null;
  }
}

function notFound(): Response {
  return new Response('Not found.', {
    status: 404,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS },
  });
}
