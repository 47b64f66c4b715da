import type { Db } from 'mongodb';
import { expect } from 'vitest';
import type { TestApp } from './test-app.js';

/** Every document of the data collections, to compare before and after a refused write. */
export async function snapshotData(db: Db): Promise<Record<string, unknown[]>> {
  const names = [
    'participants',
    'teams',
    'accounts',
    'goals',
    'assignments',
    'fact_blocks',
    'fact_manifests',
    'fact_head',
    'api_keys',
  ];
  const snapshot: Record<string, unknown[]> = {};
  for (const name of names) {
    snapshot[name] = await db.collection(name).find({}).sort({ _id: 1 }).toArray();
  }
  return snapshot;
}

export const IMPORT_RESULT = `
  __typename
  ... on ImportResult { inserted updated unchanged }
  ... on ImportRejected { errorCount errors { index field reason } }
  ... on Error { code message }
`;

/** The import mutation of one kind, selecting every result shape. */
export function importMutation(
  kind: 'Participants' | 'Teams' | 'Accounts' | 'Goals' | 'Assignments' | 'Facts',
) {
  const input = `${kind.slice(0, -1)}Input`;
  return `mutation ($records: [${input}!]!) { import${kind}(records: $records) { ${IMPORT_RESULT} } }`;
}

/** Imports records of several kinds as the admin, in the order given; fails the test if any kind is refused. */
export async function importRecords(api: TestApp, data: Record<string, readonly unknown[]>): Promise<void> {
  for (const [kind, records] of Object.entries(data)) {
    const result = await api.graphql<Record<string, { __typename: string }>>(
      importMutation(kind as Parameters<typeof importMutation>[0]),
      { records },
      api.keys.admin,
    );
    expect(result.data?.[`import${kind}`]?.__typename, JSON.stringify(result)).toBe('ImportResult');
  }
}

/** Creates a plan and publishes `text` as its version from 2025-01-01; fails the test if either is refused. */
export async function createPublishedPlan(
  api: TestApp,
  plan: { id: string; name: string; text: string },
): Promise<void> {
  const created = await api.graphql<{ createPlan: { __typename: string } }>(
    'mutation ($id: String!, $name: String!) { createPlan(id: $id, name: $name) { __typename } }',
    { id: plan.id, name: plan.name },
    api.keys.admin,
  );
  expect(created.data?.createPlan.__typename, JSON.stringify(created)).toBe('Plan');
  const published = await api.graphql<{ publishPlanVersion: { __typename: string } }>(
    'mutation ($id: String!, $text: String!) { publishPlanVersion(planId: $id, effectiveFrom: "2025-01-01", text: $text) { __typename ... on Error { message } } }',
    { id: plan.id, text: plan.text },
    api.keys.admin,
  );
  expect(published.data?.publishPlanVersion.__typename, JSON.stringify(published)).toBe('PlanVersion');
}

export const PARTICIPANTS = [
  {
    id: 'p-ada',
    name: 'Ada',
    role: 'key account manager',
    geography: 'EMEA',
    vertical: 'retail',
    currency: 'EUR',
    annualTargetIncentiveMinor: 3_000_000,
    hireDate: '2023-02-01',
  },
  {
    id: 'p-bob',
    name: 'Bob',
    role: 'solution engineer',
    geography: 'EMEA',
    vertical: 'retail',
    currency: 'EUR',
    hireDate: '2024-01-15',
    terminationDate: '2025-06-30',
  },
  {
    id: 'p-cy',
    name: 'Cy',
    role: 'key account manager',
    geography: 'APAC',
    vertical: 'energy',
    currency: 'SGD',
    annualTargetIncentiveMinor: 4_000_000,
    hireDate: '2022-05-01',
  },
];

export const TEAMS = [
  {
    id: 't-north',
    name: 'Northwind team',
    members: [
      { participantId: 'p-ada', role: 'lead', from: '2024-01-01' },
      { participantId: 'p-bob', role: 'member', from: '2024-01-15', to: '2025-06-30' },
    ],
  },
  {
    id: 't-east',
    name: 'Eastern team',
    members: [{ participantId: 'p-cy', role: 'lead', from: '2024-01-01' }],
  },
];

export const ACCOUNTS = [
  {
    id: 'a-northwind',
    name: 'Northwind',
    teamId: 't-north',
    geography: 'EMEA',
    vertical: 'retail',
    segment: 'enterprise',
  },
  {
    id: 'a-contoso',
    name: 'Contoso',
    teamId: 't-east',
    geography: 'APAC',
    vertical: 'energy',
    segment: 'enterprise',
  },
];

/** Plans that fixture assignments refer to (an assignment to a plan that does not exist is refused). */
export const PLANS = [
  { id: 'plan-a', name: 'Plan A', description: null },
  { id: 'team-performance', name: 'Key accounts - team performance', description: null },
];

/**
 * Imports the participants, teams and accounts above as the admin, and creates the plans above;
 * fails loudly if any is refused.
 */
export async function importOrg(api: TestApp): Promise<void> {
  for (const plan of PLANS) await api.repositories.plans.create(plan);
  for (const [kind, records] of [
    ['Participants', PARTICIPANTS],
    ['Teams', TEAMS],
    ['Accounts', ACCOUNTS],
  ] as const) {
    const response = await api.graphql<Record<string, { __typename: string }>>(
      importMutation(kind),
      { records },
      api.keys.admin,
    );
    const result = response.data?.[`import${kind}`];
    if (result?.__typename !== 'ImportResult') {
      throw new Error(`import${kind} failed: ${JSON.stringify(response)}`);
    }
  }
}
