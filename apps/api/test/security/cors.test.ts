import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { readConfig } from '../../src/config.js';
import { useTestDatabase } from '../support/database.js';

describe('CORS allows only the configured origins', () => {
  const store = useTestDatabase();

  const preflight = (app: ReturnType<typeof createApp>, origin: string) =>
    app.fetch('http://yoga/graphql', {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
  const post = (app: ReturnType<typeof createApp>, origin: string) =>
    app.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });

  it('sends no CORS header to any origin by default (same origin only)', async () => {
    const app = createApp({ db: store.db });
    for (const response of [
      await preflight(app, 'https://evil.example'),
      await post(app, 'https://evil.example'),
    ]) {
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('allows a configured origin, without credentials, and still refuses any other', async () => {
    const { corsOrigins } = readConfig({
      ATTAIN_CORS_ORIGINS: 'https://portal.example, http://localhost:5173',
    });
    expect(corsOrigins).toEqual(['https://portal.example', 'http://localhost:5173']);
    const app = createApp({ db: store.db, corsOrigins });
    const allowed = await preflight(app, 'http://localhost:5173');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    expect((await post(app, 'https://portal.example')).headers.get('access-control-allow-origin')).toBe(
      'https://portal.example',
    );
    expect((await post(app, 'https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a configured value that is not an origin, saying how to write one', () => {
    expect(() => readConfig({ ATTAIN_CORS_ORIGINS: 'https://portal.example/app' })).toThrow(
      'ATTAIN_CORS_ORIGINS holds "https://portal.example/app", which is not an origin: write scheme://host[:port] with no path, e.g. https://portal.example.com',
    );
  });
});
