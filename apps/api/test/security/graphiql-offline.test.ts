import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { useTestDatabase } from '../support/database.js';

describe('GraphiQL works offline', () => {
  const store = useTestDatabase();

  it('loads every script and style of its page from this server, none from another host', async () => {
    const app = createApp({ db: store.db });
    const page = await (await app.fetch('http://yoga/graphql', { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('YogaGraphiQL.renderYogaGraphiQL');
    expect(page).not.toMatch(/https?:\/\//);
    // The stylesheet, the script and the editor's three workers.
    const assets = [...page.matchAll(/"?(\/graphiql-assets\/[^"\s>]+)"?/g)].map(
      (match) => match[1] as string,
    );
    expect(new Set(assets).size).toBe(5);
    for (const path of new Set(assets)) {
      const response = await app.fetch(`http://yoga${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toMatch(/^text\/(javascript|css)/);
      expect((await response.arrayBuffer()).byteLength, path).toBeGreaterThan(1_000);
    }
  });

  it('serves nothing else under the asset path, and no assets in production', async () => {
    const app = createApp({ db: store.db });
    expect((await app.fetch('http://yoga/graphiql-assets/../package.json')).status).toBe(404);
    expect((await app.fetch('http://yoga/graphiql-assets/yoga-graphiql.es.js')).status).toBe(404);
    const production = createApp({ db: store.db, production: true });
    expect((await production.fetch('http://yoga/graphiql-assets/graphiql.css')).status).toBe(404);
  });
});
