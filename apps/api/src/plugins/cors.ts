import type { CORSOptions } from 'graphql-yoga';
import { CSRF_HEADER } from './use-csrf.js';

/**
 * CORS for the configured origins only (ATTAIN_CORS_ORIGINS). With none, no CORS header is ever
 * sent and browsers keep pages of other origins out (same origin only). The API authenticates
 * with a bearer key, not cookies, so credentials are never allowed.
 */
export function corsFor(origins: readonly string[]): (request: Request) => CORSOptions {
  const allowed = new Set(origins);
  return (request) => {
    const origin = request.headers.get('origin');
    if (origin === null || !allowed.has(origin)) return false;
    return {
      origin: [origin],
      credentials: false,
      methods: ['GET', 'POST'],
      allowedHeaders: ['authorization', 'content-type', 'accept', CSRF_HEADER],
      maxAge: 600,
    };
  };
}
