/**
 * Participant fields through the API: a base salary history imported with the participant, read
 * back over GraphQL, and paid on by a plan whose target incentive is '8% of base salary'.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { createPublishedPlan, importMutation, importRecords, snapshotData } from '../support/org-fixtures.js';
import { usdParticipant } from '../support/simple-plan.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PLAN = `plan "Salaried"
  period quarter
  currency USD
  target incentive: 8% of base salary, not prorated

component "Bonus" weight 100% for individual
  pays 100%
`;

const salary = (value: number, from: string, to?: string) => ({
  name: 'baseSalary',
  value,
  currency: 'USD',
  from,
  ...(to ? { to } : {}),
});

const DATA = {
  Participants: [
    {
      ...usdParticipant('p-raise', 'Raise', 4_000_000),
      // 100,000.00 a year until 14 February 2025, then 120,000.00; and a plain-number field.
      fields: [
        salary(10_000_000, '2024-01-01', '2025-02-14'),
        salary(12_000_000, '2025-02-15'),
        { name: 'fte', value: 0.8, from: '2024-01-01' },
      ],
    },
  ],
  Assignments: [{ id: 'a-raise', participantId: 'p-raise', planId: 'salaried', from: '2020-01-01' }],
};

describe('participant fields over GraphQL', () => {
  const store = useTestDatabase();
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await createPublishedPlan(api, { id: 'salaried', name: 'Salaried', text: PLAN });
    await importRecords(api, DATA);
  });

  it('reads back the fields imported with the participant, money formatted', async () => {
    const result = await api.graphql<{
      participants: { edges: { node: { externalId: string; fields: Record<string, unknown>[] } }[] };
    }>(
      'query { participants(first: 10) { edges { node { externalId fields { name value currency formatted from to } } } } }',
      {},
      api.keys.analyst,
    );
    const raise = result.data?.participants.edges.find((e) => e.node.externalId === 'p-raise')?.node;
    expect(raise?.fields).toEqual([
      {
        name: 'baseSalary',
        value: 10_000_000,
        currency: 'USD',
        formatted: '100,000.00 USD',
        from: '2024-01-01',
        to: '2025-02-14',
      },
      {
        name: 'baseSalary',
        value: 12_000_000,
        currency: 'USD',
        formatted: '120,000.00 USD',
        from: '2025-02-15',
        to: null,
      },
      { name: 'fte', value: 0.8, currency: null, formatted: null, from: '2024-01-01', to: null },
    ]);
  });

  it('pays 8% of the base salary in effect day by day, cut to the quarter', async () => {
    const calculated = await api.graphql<{ calculatePayouts: { status: string } }>(
      'mutation { calculatePayouts(planId: "salaried", period: "2025-Q1") { __typename ... on PayoutRun { status } ... on Error { message } } }',
      {},
      api.keys.admin,
    );
    expect(calculated.data?.calculatePayouts, JSON.stringify(calculated)).toMatchObject({
      status: 'complete',
    });
    const result = await api.graphql<{
      statements: {
        targetIncentive: { minorUnits: number; formatted: string };
        segments: { targetIncentiveExplanationText: string }[];
      }[];
    }>(
      'query { statements(participantId: "p-raise", period: "2025-Q1") { targetIncentive { minorUnits formatted } segments { targetIncentiveExplanationText } } }',
      {},
      api.keys.analyst,
    );
    const [statement] = result.data?.statements ?? [];
    // 45 days at 100,000.00 and 45 at 120,000.00: 110,000.00; 8% = 8,800.00 a year; / 4 = 2,200.00.
    expect(statement?.targetIncentive).toEqual({ minorUnits: 220_000, formatted: '2,200.00 USD' });
    expect(statement?.segments[0]?.targetIncentiveExplanationText).toContain(
      '8% of base salary weighted by days: 100,000.00 USD for 45 days, 120,000.00 USD for 45 days = 8,800.00 USD',
    );
  });

  it('refuses overlapping salaries and a money value that is not whole minor units, storing nothing', async () => {
    const before = await snapshotData(store.db);
    const result = await api.graphql<{
      importParticipants: { __typename: string; errors: { index: number; field: string; reason: string }[] };
    }>(
      importMutation('Participants'),
      {
        records: [
          {
            ...usdParticipant('p-bad', 'Bad', 0),
            fields: [
              salary(10_000_000, '2024-01-01'),
              salary(12_000_000.5, '2025-01-01'),
              salary(9_000_000, '2024-06-01', '2024-12-31'),
            ],
          },
        ],
      },
      api.keys.admin,
    );
    const rejected = result.data?.importParticipants;
    expect(rejected?.__typename).toBe('ImportRejected');
    // Both problems in one answer: the half cent, and the overlap of the records that read well.
    expect(rejected?.errors.map((e) => [e.index, e.field])).toEqual([
      [0, 'fields[1].value'],
      [0, 'fields[2].from'],
    ]);
    expect(await snapshotData(store.db)).toEqual(before);
  });

  it('names both records when two salaries overlap', async () => {
    const result = await api.graphql<{
      importParticipants: { __typename: string; errors: { index: number; field: string; reason: string }[] };
    }>(
      importMutation('Participants'),
      {
        records: [
          {
            ...usdParticipant('p-bad', 'Bad', 0),
            fields: [salary(10_000_000, '2024-01-01'), salary(9_000_000, '2024-06-01', '2024-12-31')],
          },
        ],
      },
      api.keys.admin,
    );
    expect(result.data?.importParticipants.errors).toEqual([
      {
        index: 0,
        field: 'fields[1].from',
        reason:
          'baseSalary from 2024-06-01 overlaps fields[0] (baseSalary from 2024-01-01, open-ended); end the earlier record the day before (give it "to") so each day has one value',
      },
    ]);
  });
});
