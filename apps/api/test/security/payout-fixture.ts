import { expect } from 'vitest';
import { importMutation } from '../support/org-fixtures.js';
import {
  ACME,
  SIMPLE_PLAN_TEXT,
  teamOne,
  usdOrder,
  usdParticipant,
  usdQuota,
} from '../support/simple-plan.js';
import type { GraphQLResponse } from '../support/test-app.js';

/** Sends an operation with an admin key. */
export type AdminSend = <T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown>,
) => Promise<GraphQLResponse<T>>;

export const PLAN_TEXT = SIMPLE_PLAN_TEXT;

const person = (id: string, name: string) => usdParticipant(id, name, 4_000_000);
const order = (id: string, amount: number, participantId: string) =>
  usdOrder(id, '2025-02-01', amount, participantId);

/**
 * Two people on one team: Ann (whose participant key the tests use) and Ben, whose pay must stay
 * hidden from her. Each sells 100,000.00 against a 100,000.00 quota: 100% attainment pays 100% of
 * the quarter's target, 40,000.00 / 4 = 10,000.00 each.
 */
export const PAYOUT_DATA = {
  Participants: [person('p-ann', 'Ann Example'), person('p-ben', 'Ben Secretname')],
  Teams: [teamOne(['p-ann', 'member'], ['p-ben', 'lead'])],
  Accounts: [ACME],
  Goals: [
    usdQuota('g-ann', 'p-ann', '2025-Q1', 10_000_000),
    usdQuota('g-ben', 'p-ben', '2025-Q1', 10_000_000),
  ],
  Facts: [order('o-ann', 10_000_000, 'p-ann'), order('o-ben', 10_000_000, 'p-ben')],
  Assignments: [
    { id: 'as-ann', participantId: 'p-ann', planId: 'simple', from: '2025-01-01' },
    { id: 'as-ben', participantId: 'p-ben', planId: 'simple', from: '2025-01-01' },
  ],
} as const;

/** Calculates 2025-Q1 of the plan "simple"; the answer is the run's status or the error. */
export const CALCULATE_Q1 =
  'mutation { calculatePayouts(planId: "simple", period: "2025-Q1") { __typename ... on PayoutRun { status } } }';

/**
 * Imports PAYOUT_DATA and publishes the plan as the admin, then calculates 2025-Q1 unless told
 * not to; fails loudly on any refusal.
 */
export async function seedPayouts(send: AdminSend, { calculate = true } = {}): Promise<void> {
  const created = await send(
    'mutation { createPlan(id: "simple", name: "Simple revenue") { __typename } }',
    {},
  );
  expect(JSON.stringify(created)).not.toMatch(/Error/);
  for (const [kind, records] of Object.entries(PAYOUT_DATA)) {
    const result = await send<Record<string, { __typename: string }>>(
      importMutation(kind as keyof typeof PAYOUT_DATA),
      { records },
    );
    expect(result.data?.[`import${kind}`]?.__typename, JSON.stringify(result)).toBe('ImportResult');
  }
  const steps = [
    [
      'mutation ($text: String!) { publishPlanVersion(planId: "simple", effectiveFrom: "2025-01-01", text: $text) { __typename } }',
      { text: PLAN_TEXT },
    ],
  ] as [string, Record<string, unknown>][];
  if (calculate) steps.push([CALCULATE_Q1, {}]);
  for (const [query, variables] of steps) {
    const result = await send(query, variables);
    expect(JSON.stringify(result)).not.toMatch(/Error|"failed"/);
  }
}
