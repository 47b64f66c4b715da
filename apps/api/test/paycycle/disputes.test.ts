import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/create-api-key.js';
import { seedPayouts } from '../security/payout-fixture.js';
import { useTestDatabase } from '../support/database.js';
import { createTestApp, TEST_PARTICIPANT_ID, type TestApp } from '../support/test-app.js';

/*
 * The fixture (test/security/payout-fixture.ts) pays Ann and Ben 10,000.00 USD each for 2025-Q1
 * on the one line "Revenue" (100% of a 10,000.00 quarterly target).
 */

const DISPUTE =
  'id status lineComponent question answers { message } resolution { status message adjustment { amount { minorUnits } } }';

const RAISE = `mutation ($statementId: ID!, $line: String!, $question: String!) {
  raisePayoutDispute(statementId: $statementId, lineComponent: $line, question: $question) {
    __typename ... on PayoutDispute { ${DISPUTE} } ... on InvalidInputError { field message } ... on Error { code message }
  }
}`;

const RESOLVE = `mutation ($id: String!, $amount: MinorUnits!, $reason: String!) {
  resolvePayoutDisputeByAdjustment(disputeId: $id, amountMinorUnits: $amount, reason: $reason) {
    __typename ... on PayoutDispute { ${DISPUTE} } ... on Error { code message }
  }
}`;

const REJECT = `mutation ($id: String!, $reason: String!) {
  rejectPayoutDispute(disputeId: $id, reason: $reason) {
    __typename ... on PayoutDispute { ${DISPUTE} } ... on InvalidInputError { field } ... on Error { code message }
  }
}`;

const STATEMENT = `query ($participantId: String!) {
  statements(participantId: $participantId, period: "2025-Q1") {
    id totalPayable { minorUnits } adjustmentLines { amount { minorUnits } reason } disputes { ${DISPUTE} }
  }
}`;

interface Dispute {
  id: string;
  status: string;
  resolution: {
    status: string;
    message: string;
    adjustment: { amount: { minorUnits: number } } | null;
  } | null;
  answers: { message: string }[];
}

interface Statement {
  id: string;
  totalPayable: { minorUnits: number };
  adjustmentLines: { amount: { minorUnits: number }; reason: string }[];
  disputes: Dispute[];
}

describe('disputes on statement lines', () => {
  const store = useTestDatabase();
  let api: TestApp;
  let ann: string;
  let ben: string;
  let secondAdmin: string;

  const asAdmin = <T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown>,
    key?: string,
  ) => api.graphql<T>(query, variables, key ?? api.keys.admin);

  async function statementAs(key: string, participantId: string): Promise<Statement | undefined> {
    const response = await api.graphql<{ statements: Statement[] }>(STATEMENT, { participantId }, key);
    return response.data?.statements[0];
  }

  async function raise(key: string, statementId: string, question: string, line = 'Revenue') {
    const response = await api.graphql<{
      raisePayoutDispute: Dispute & { __typename: string; code?: string; field?: string; message?: string };
    }>(RAISE, { statementId, line, question }, key);
    return response.data!.raisePayoutDispute;
  }

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await seedPayouts((query, variables) => api.graphql(query, variables, api.keys.admin));
    const key = async (name: string, participantId: string | null, role: 'participant' | 'admin') =>
      (await createApiKey(api.repositories, { name, role, participantId })).secret;
    ann = await key('ann', 'p-ann', 'participant');
    ben = await key('ben', 'p-ben', 'participant');
    secondAdmin = await key('second admin', null, 'admin');
  });

  it("lets a participant raise a question on a line of their own statement and see it's open", async () => {
    const statement = (await statementAs(ann, 'p-ann'))!;
    const raised = await raise(ann, statement.id, 'Why is my Acme order not counted twice?');
    expect(raised).toMatchObject({ __typename: 'PayoutDispute', status: 'open', lineComponent: 'Revenue' });
    expect((await statementAs(ann, 'p-ann'))?.disputes.map((d) => d.status)).toEqual(['open']);
  });

  it("never lets a participant raise on, or see, another person's statement or disputes", async () => {
    const bensStatement = (await statementAs(api.keys.admin, 'p-ben'))!;
    const refused = await raise(ann, bensStatement.id, 'What does Ben earn?');
    expect(refused).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    // Ben's own statement shows none of Ann's disputes; Ann cannot read Ben's statement at all.
    expect((await statementAs(ben, 'p-ben'))?.disputes).toEqual([]);
    expect(await statementAs(ann, 'p-ben')).toBeUndefined();
    const queue = await api.graphql(
      '{ payoutDisputes(planId: "simple", period: "2025-Q1") { id } }',
      {},
      ann,
    );
    expect(queue.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses a dispute on a line the statement does not have, naming the lines it has', async () => {
    const statement = (await statementAs(ann, 'p-ann'))!;
    const refused = await raise(ann, statement.id, 'And this?', 'Margin');
    expect(refused).toMatchObject({ __typename: 'InvalidInputError', field: 'lineComponent' });
    expect(refused.message).toContain('"Revenue"');
  });

  it('shows the admin queue and the answer to the participant', async () => {
    const queue = await asAdmin<{ payoutDisputes: Dispute[] }>(
      '{ payoutDisputes(planId: "simple", period: "2025-Q1", status: open) { id status } }',
      {},
    );
    expect(queue.data?.payoutDisputes).toHaveLength(1);
    const id = queue.data!.payoutDisputes[0]!.id;
    const answered = await asAdmin<{ answerPayoutDispute: Dispute }>(
      'mutation ($id: String!) { answerPayoutDispute(disputeId: $id, message: "Checking with finance.") { ... on PayoutDispute { status } } }',
      { id },
    );
    expect(answered.data?.answerPayoutDispute.status).toBe('answered');
    expect((await statementAs(ann, 'p-ann'))?.disputes[0]).toMatchObject({
      status: 'answered',
      answers: [{ message: 'Checking with finance.' }],
    });
  });

  it("resolves a dispute by an adjustment that shows on the participant's statement", async () => {
    const [dispute] = (await statementAs(ann, 'p-ann'))!.disputes;
    const resolved = await asAdmin<{ resolvePayoutDisputeByAdjustment: Dispute }>(RESOLVE, {
      id: dispute!.id,
      amount: 25_000,
      reason: 'The second Acme order was missed',
    });
    expect(resolved.data?.resolvePayoutDisputeByAdjustment).toMatchObject({
      status: 'resolved_by_adjustment',
      resolution: { status: 'resolved_by_adjustment', adjustment: { amount: { minorUnits: 25_000 } } },
    });
    const statement = (await statementAs(ann, 'p-ann'))!;
    // 10,000.00 + 250.00 = 10,250.00.
    expect(statement.totalPayable.minorUnits).toBe(1_025_000);
    expect(statement.adjustmentLines).toEqual([
      { amount: { minorUnits: 25_000 }, reason: 'The second Acme order was missed' },
    ]);
    const again = await asAdmin(REJECT, { id: dispute!.id, reason: 'no' });
    expect(again.data?.rejectPayoutDispute).toMatchObject({ code: 'DISPUTE_CLOSED' });
  });

  it('pays one adjustment when two admins resolve the same dispute at once', async () => {
    const statement = (await statementAs(ann, 'p-ann'))!;
    const raised = await raise(ann, statement.id, 'Was the March order in?');
    const results = await Promise.all(
      [api.keys.admin, secondAdmin].map((key) =>
        asAdmin<{ resolvePayoutDisputeByAdjustment: { __typename: string } }>(
          RESOLVE,
          { id: raised.id, amount: 10_000, reason: 'March order' },
          key,
        ),
      ),
    );
    const kinds = results.map((r) => r.data?.resolvePayoutDisputeByAdjustment.__typename).sort();
    expect(kinds).toEqual(['DisputeClosedError', 'PayoutDispute']);
    // 10,250.00 + one 100.00, not two: 10,350.00.
    expect((await statementAs(ann, 'p-ann'))!.totalPayable.minorUnits).toBe(1_035_000);
    // Ben's statement, read with his key, shows none of Ann's adjustments: 10,000.00 as calculated.
    const bens = (await statementAs(ben, 'p-ben'))!;
    expect([bens.adjustmentLines, bens.totalPayable.minorUnits]).toEqual([[], 1_000_000]);
  });

  it('rejects a dispute only with a reason, and the participant reads it', async () => {
    const statement = (await statementAs(ann, 'p-ann'))!;
    const raised = await raise(ann, statement.id, 'Should I get more?');
    const empty = await asAdmin(REJECT, { id: raised.id, reason: ' ' });
    expect(empty.data?.rejectPayoutDispute).toMatchObject({
      __typename: 'InvalidInputError',
      field: 'reason',
    });
    await asAdmin(REJECT, { id: raised.id, reason: 'The quota was agreed in January.' });
    const mine = (await statementAs(ann, 'p-ann'))!.disputes.find((d) => d.id === raised.id);
    expect(mine).toMatchObject({
      status: 'rejected',
      resolution: { message: 'The quota was agreed in January.' },
    });
  });

  it('records raising, answering and resolving in the audit log with the participant key as the raiser', async () => {
    const log = await asAdmin<{
      auditLog: { edges: { node: { mutation: string; role: string; outcome: string } }[] };
    }>('{ auditLog(first: 100) { edges { node { mutation role outcome } } } }', {});
    const disputeEntries = log
      .data!.auditLog.edges.map((edge) => edge.node)
      .filter((entry) => /Dispute/.test(entry.mutation));
    expect(
      disputeEntries.filter((e) => e.mutation === 'raisePayoutDispute').map((e) => [e.role, e.outcome]),
    ).toEqual([
      ['participant', 'ok'],
      ['participant', 'NOT_FOUND'],
      ['participant', 'INVALID_INPUT'],
      ['participant', 'ok'],
      ['participant', 'ok'],
    ]);
    expect(disputeEntries.map((e) => e.mutation)).toContain('answerPayoutDispute');
    expect(disputeEntries.map((e) => e.mutation)).toContain('resolvePayoutDisputeByAdjustment');
  });
});

describe('disputes on an adjustments-only statement', () => {
  const store = useTestDatabase();
  let api: TestApp;

  const statementOf = async (key: string): Promise<Statement | undefined> =>
    (await api.graphql<{ statements: Statement[] }>(STATEMENT, { participantId: TEST_PARTICIPANT_ID }, key))
      .data?.statements[0];
  const raiseAs = async (key: string, statementId: string, question: string, line: string) =>
    (
      await api.graphql<{
        raisePayoutDispute: Dispute & { __typename: string; code?: string; field?: string; message?: string };
      }>(RAISE, { statementId, line, question }, key)
    ).data!.raisePayoutDispute;

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await seedPayouts((query, variables) => api.graphql(query, variables, api.keys.admin));
  });

  it('lets a participant dispute a line of a statement that has only adjustment lines', async () => {
    // The test participant is on no plan: the run pays them nothing, a 250.00 spot bonus is all
    // their 2025-Q1 statement of the plan has.
    const adjusted = await api.graphql<{ addPayoutAdjustment: { __typename: string } }>(
      `mutation { addPayoutAdjustment(planId: "simple", period: "2025-Q1", participantId: "${TEST_PARTICIPANT_ID}", amountMinorUnits: 25000, reason: "Spot bonus") { __typename } }`,
      {},
      api.keys.admin,
    );
    expect(adjusted.data?.addPayoutAdjustment.__typename).toBe('PayoutAdjustment');
    const own = api.keys.participant;
    const ann = (
      await createApiKey(api.repositories, { name: 'ann', role: 'participant', participantId: 'p-ann' })
    ).secret;
    const statement = (await statementOf(own))!;
    expect(statement.totalPayable.minorUnits).toBe(25_000);
    const refused = await raiseAs(own, statement.id, 'Where is my Revenue?', 'Revenue');
    expect(refused).toMatchObject({ __typename: 'InvalidInputError', field: 'lineComponent' });
    expect(refused.message).toContain('its lines are "adjustment"');
    const raised = await raiseAs(own, statement.id, 'Was the bonus not 300.00?', 'adjustment');
    expect(raised).toMatchObject({
      __typename: 'PayoutDispute',
      status: 'open',
      lineComponent: 'adjustment',
    });
    expect((await statementOf(own))?.disputes.map((d) => d.status)).toEqual(['open']);
    // Ann cannot raise on it: it is not hers.
    expect(await raiseAs(ann, statement.id, 'And this?', 'adjustment')).toMatchObject({ code: 'NOT_FOUND' });
  });
});
