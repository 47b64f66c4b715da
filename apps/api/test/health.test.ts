import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { useTestDatabase } from './support/database.js';

describe('health query', () => {
  const store = useTestDatabase();

  it('answers ok over HTTP when the database answers ping', async () => {
    const app = createApp({ db: store.db });
    const response = await app.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ health { status database } }' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { health: { status: 'ok', database: 'up' } } });
  });
});
