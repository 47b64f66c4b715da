import { getNamedType, isUnionType } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuditLogRepository } from '../../src/repositories/audit-log.js';
import { schema } from '../../src/schema/index.js';
import { useTestDatabase } from '../support/database.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { callOf, SCHEMA_FIELDS } from './sample-calls.js';

interface Entry {
  at: string;
  keyId: string | null;
  role: string | null;
  mutation: string;
  outcome: string;
}

const AUDIT_LOG = `query ($mutation: String) {
  auditLog(mutation: $mutation, first: 100) { edges { node { at keyId role mutation outcome } } }
}`;

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const MUTATIONS = SCHEMA_FIELDS.filter(({ root }) => root === 'mutation');

/** Mutations only participant keys may call (on their own data); every other is admin-only or wider. */
const PARTICIPANT_MUTATIONS = new Set(['raisePayoutDispute']);

describe('audit log', () => {
  const store = useTestDatabase();
  let api: TestApp;
  let keyIds: Record<string, string>;

  async function entriesOf(mutation?: string): Promise<Entry[]> {
    const response = await api.graphql<{ auditLog: { edges: { node: Entry }[] } }>(
      AUDIT_LOG,
      { mutation },
      api.keys.admin,
    );
    return response.data?.auditLog.edges.map((edge) => edge.node) ?? [];
  }

  beforeAll(async () => {
    api = await createTestApp(store.db);
    const keys = await api.graphql<{ apiKeys: { id: string; name: string }[] }>(
      '{ apiKeys { id name } }',
      {},
      api.keys.admin,
    );
    keyIds = Object.fromEntries(keys.data?.apiKeys.map((key) => [key.name, key.id]) ?? []);
  });

  it.each(MUTATIONS)(
    'records $name with who, what, when and outcome, for an admin, a refused key and no key',
    async ({ root, field }) => {
      const call = callOf(root, field);
      // Select the code of typed errors, which is what the log records as the outcome.
      const returned = getNamedType(field.type);
      const typedErrors =
        isUnionType(returned) &&
        returned.getTypes().some((type) => type.getInterfaces().some((face) => face.name === 'Error'));
      const query = typedErrors
        ? call.query.replace('{ __typename }', '{ __typename ... on Error { code } }')
        : call.query;
      const { variables } = call;
      const before = (await entriesOf(field.name)).length;
      // A participant's own mutations (raising a dispute) are the other way round.
      const [allowed, refused] = PARTICIPANT_MUTATIONS.has(field.name)
        ? (['participant', 'admin'] as const)
        : (['admin', 'participant'] as const);
      const asAllowed = await api.graphql(query, variables, api.keys[allowed]);
      await api.graphql(query, variables, api.keys[refused]);
      await api.graphql(query, variables);
      const entries = (await entriesOf(field.name)).slice(before);

      // The allowed key's outcome is "ok" or the code of the typed error the sample arguments earned.
      const allowedResult = asAllowed.data?.[field.name] as { code?: string } | undefined;
      expect(entries).toEqual([
        {
          at: expect.stringMatching(ISO_TIME),
          keyId: keyIds[`test ${allowed}`],
          role: allowed,
          mutation: field.name,
          outcome: allowedResult?.code ?? 'ok',
        },
        {
          at: expect.stringMatching(ISO_TIME),
          keyId: keyIds[`test ${refused}`],
          role: refused,
          mutation: field.name,
          outcome: 'FORBIDDEN',
        },
        {
          at: expect.stringMatching(ISO_TIME),
          keyId: null,
          role: null,
          mutation: field.name,
          outcome: 'UNAUTHENTICATED',
        },
      ]);
    },
  );

  it('shows the log to admin keys only', async () => {
    for (const role of ['analyst', 'participant', 'service'] as const) {
      const response = await api.graphql(AUDIT_LOG, {}, api.keys[role]);
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(response.data ?? null).toBeNull();
    }
  });

  it('keeps earlier entries unchanged as new ones are appended', async () => {
    const before = await entriesOf();
    await api.graphql('mutation { revokeApiKey(id: "nope") { __typename } }', {}, api.keys.admin);
    const after = await entriesOf();
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.length).toBe(before.length + 1);
  });

  it('offers no way to change or remove an entry: no mutation touches the log, the repository only appends', () => {
    const mutations = Object.keys(schema.getMutationType()?.getFields() ?? {});
    expect(mutations.filter((name) => /audit/i.test(name))).toEqual([]);
    const methods = Object.getOwnPropertyNames(AuditLogRepository.prototype).filter(
      (name) => name !== 'constructor',
    );
    expect(methods.sort()).toEqual(['append', 'findPage']);
  });
});
