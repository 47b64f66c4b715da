import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { importMutation } from '../support/org-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { PLAN_TEXT, seedPayouts } from './payout-fixture.js';

/** Strings a MongoDB query would treat as operators or paths if they ever reached it unescaped. */
const OPERATOR_LOOKING = ['{"$gt": ""}', '{"$ne": null}', '$where', '$gt', 'a.b', 'this.x == this.x'];

const person = (id: string) => ({
  id,
  name: id,
  role: '$where',
  geography: '{"$gt": ""}',
  vertical: 'a.b',
  currency: 'USD',
  hireDate: '2020-01-01',
});

describe('operator-looking strings are plain values, never query operators', () => {
  const store = useTestDatabase();
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await seedPayouts((query, variables) => api.graphql(query, variables, api.keys.admin));
    const imported = await api.graphql<{ importParticipants: { __typename: string } }>(
      importMutation('Participants'),
      { records: OPERATOR_LOOKING.map(person) },
      api.keys.admin,
    );
    expect(imported.data?.importParticipants.__typename).toBe('ImportResult');
  });

  it('stores each as the exact string sent, id and fields alike', async () => {
    for (const id of OPERATOR_LOOKING) {
      const stored = await store.db.collection('participants').findOne({ _id: id as never });
      expect(stored).toMatchObject({
        _id: id,
        name: id,
        role: '$where',
        geography: '{"$gt": ""}',
        vertical: 'a.b',
      });
    }
  });

  it('matches nothing when a filter argument holds an operator as text', async () => {
    // Real goals, statements, facts and audit entries exist; an interpreted {"$gt": ""} or
    // {"$ne": null} would match all of them.
    for (const value of ['{"$gt": ""}', '{"$ne": null}', '$where']) {
      const response = await api.graphql(
        `query ($value: String!) {
           goals(ownerId: $value) { edges { node { id } } }
           facts(accountId: $value) { edges { node { id } } }
           assignments(participantId: $value) { edges { node { id } } }
           statements(participantId: $value, period: "2025-Q1") { id }
           auditLog(mutation: $value) { edges { node { id } } }
         }`,
        { value },
        api.keys.admin,
      );
      expect(response).toEqual({
        status: 200,
        data: {
          goals: { edges: [] },
          facts: { edges: [] },
          assignments: { edges: [] },
          statements: [],
          auditLog: { edges: [] },
        },
      });
    }
  });

  it('finds a record whose id looks like an operator by that id, and only that record', async () => {
    const response = await api.graphql<{ goals: { edges: unknown[] } }>(
      'mutation ($records: [GoalInput!]!) { importGoals(records: $records) { __typename } }',
      {
        records: [
          {
            id: '$where',
            name: 'Quota',
            ownerId: '{"$gt": ""}',
            periodId: '2025-Q1',
            value: 1,
            currency: 'USD',
          },
        ],
      },
      api.keys.admin,
    );
    expect(response.errors).toBeUndefined();
    const found = await api.graphql(
      '{ goals(ownerId: "{\\"$gt\\": \\"\\"}") { edges { node { externalId ownerExternalId } } } }',
      {},
      api.keys.admin,
    );
    expect(found.data).toEqual({
      goals: { edges: [{ node: { externalId: '$where', ownerExternalId: '{"$gt": ""}' } }] },
    });
  });

  it('refuses an object where the schema wants a string, before any query runs', async () => {
    const response = await api.graphql(
      'query ($id: String!) { statements(participantId: $id, period: "2025-Q1") { id } }',
      { id: { $gt: '' } },
      api.keys.admin,
    );
    expect(response.data).toBeUndefined();
    expect(response.errors?.[0]?.message).toMatch(
      /^Variable "\$id" got invalid value \{ \$gt: "" \}; String cannot represent a non string value/,
    );
  });

  it('treats a page cursor that decodes to an operator-looking id as a plain id', async () => {
    const cursor = Buffer.from('{"$gt": ""}', 'utf8').toString('base64url');
    const response = await api.graphql<{ participants: { edges: { node: { externalId: string } }[] } }>(
      'query ($after: String!) { participants(first: 100, after: $after) { edges { node { externalId } } } }',
      { after: cursor },
      api.keys.admin,
    );
    // Ids compare as strings: after '{"$gt": ""}' comes only '{"$ne": null}' ('n' > 'g'); every
    // other id starts with a character below '{' (0x7B).
    expect(response.data?.participants.edges).toEqual([{ node: { externalId: '{"$ne": null}' } }]);
  });
});

describe('hostile plan text sent through the API runs no code', () => {
  const store = useTestDatabase();
  let api: TestApp;
  const marker = '__attainApiPwned';

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await seedPayouts((query, variables) => api.graphql(query, variables, api.keys.admin));
  });

  it('publishes and pays a plan whose names and filters hold JavaScript, keeping them as text', async () => {
    const componentName = `\`\${globalThis.${marker} = 1}\``;
    const hostile = PLAN_TEXT.replace(
      'measure revenue = sum of order.amount',
      `measure constructor = sum of order.amount
measure __proto__ = sum of order.amount where productLine is "'); globalThis.${marker} = 2; ('"`,
    )
      .replace('component "Revenue"', `component "${componentName}"`)
      .replace('pays curve on revenue', 'pays curve on (constructor + __proto__)');
    const published = await api.graphql(
      'mutation ($text: String!) { publishPlanVersion(planId: "simple", effectiveFrom: "2025-01-01", text: $text) { __typename ... on Error { message } } }',
      { text: hostile },
      api.keys.admin,
    );
    expect(published.data).toEqual({ publishPlanVersion: { __typename: 'PlanVersion' } });
    const run = await api.graphql(
      'mutation { calculatePayouts(planId: "simple", period: "2025-Q1") { ... on PayoutRun { status } } }',
      {},
      api.keys.admin,
    );
    expect(run.data, JSON.stringify(run)).toEqual({ calculatePayouts: { status: 'complete' } });
    const statements = await api.graphql(
      '{ statements(participantId: "p-ann", period: "2025-Q1") { total { minorUnits } lines { component } } }',
      {},
      api.keys.admin,
    );
    // Ann: 100,000.00 + 0.00 (no order has the hostile product line) against a 100,000.00 quota is
    // 100%, paying 100% of 40,000.00 / 4 = 10,000.00.
    expect(statements.data).toEqual({
      statements: [{ total: { minorUnits: 1_000_000 }, lines: [{ component: componentName }] }],
    });
    expect((globalThis as Record<string, unknown>)[marker]).toBeUndefined();
  });
});
