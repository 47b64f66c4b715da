import { type AuditResult, serverAudits } from 'graphql-http';
import { beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER } from '../../src/plugins/use-csrf.js';
import { useTestDatabase } from '../support/database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * The GraphQL over HTTP audits of the graphql-http package, run against our Yoga server through
 * `yoga.fetch`. Every MUST and SHOULD passes; the three MAY audits that send a GET without the
 * CSRF header are refused on purpose (docs/security.md).
 */
describe('GraphQL over HTTP conformance (graphql-http server audits)', () => {
  const store = useTestDatabase();
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp(store.db);
  });

  const audits = serverAudits({
    url: 'http://yoga/graphql',
    // The audits call fetch(url, init); yoga.fetch is the same function without a network.
    fetchFn: (input: string, init: RequestInit) => api.app.fetch(input, init),
  });

  async function run(name: string): Promise<AuditResult> {
    const audit = audits.find((candidate) => candidate.name === name);
    if (!audit) throw new Error(`no audit named ${name}`);
    return audit.fn();
  }

  it.each(audits.filter((audit) => audit.name.startsWith('MUST')).map((audit) => audit.name))(
    '%s',
    async (name) => {
      const result = await run(name);
      expect(result.status, result.status === 'ok' ? '' : result.reason).toBe('ok');
    },
  );

  it.each(audits.filter((audit) => audit.name.startsWith('SHOULD')).map((audit) => audit.name))(
    '%s',
    async (name) => {
      const result = await run(name);
      expect(result.status, result.status === 'ok' ? '' : result.reason).toBe('ok');
    },
  );

  it('passes every MAY audit except the GETs that CSRF prevention refuses without its header', async () => {
    const notOk: string[] = [];
    for (const audit of audits.filter((candidate) => candidate.name.startsWith('MAY'))) {
      if ((await audit.fn()).status !== 'ok') notOk.push(audit.name);
    }
    expect(notOk.sort()).toEqual([
      'MAY accept application/x-www-form-urlencoded formatted GET requests',
      'MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/graphql-response+json',
      'MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/json',
    ]);
  });

  it('serves a GET query that carries the CSRF header, and refuses it without', async () => {
    const get = (headers: Record<string, string>) =>
      api.app.fetch(`http://yoga/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers });
    const withHeader = await get({ [CSRF_HEADER]: '1', accept: 'application/json' });
    expect(await withHeader.json()).toEqual({ data: { __typename: 'Query' } });
    expect((await get({ accept: 'application/json' })).status).toBe(403);
  });

  it('refuses a mutation sent as a GET, even with the CSRF header', async () => {
    const response = await api.app.fetch(
      `http://yoga/graphql?query=${encodeURIComponent('mutation { revokeApiKey(id: "x") { __typename } }')}`,
      {
        headers: {
          [CSRF_HEADER]: '1',
          accept: 'application/json',
          authorization: `Bearer ${api.keys.admin}`,
        },
      },
    );
    expect(response.status).toBe(405);
  });
});
