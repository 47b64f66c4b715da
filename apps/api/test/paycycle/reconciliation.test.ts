import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/create-api-key.js';
import { PAYOUT_DATA, seedPayouts } from '../security/payout-fixture.js';
import { useTestDatabase } from '../support/database.js';
import { importRecords } from '../support/org-fixtures.js';
import { teamOne, usdOrder, usdParticipant, usdQuota } from '../support/simple-plan.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/*
 * Plan "simple" (test/support/simple-plan.ts) pays a quarter the attainment of a quota on a curve
 * linear from 50% to 150%, times the quarter's target incentive: 40,000.00 a year, 10,000.00 a
 * quarter, for each of Ann, Ben and Cat, all on team t-one.
 * - 2025-Q1: each sells 100,000.00 of a 100,000.00 quota: 100% pays 10,000.00 each.
 * - Cat leaves at the end of Q1 (her assignment and her membership end on 2025-03-31), so Q2
 *   has no statement of hers.
 * - After Q1 is approved, Cat's Q1 order turns out to be 110,000.00: 110% pays 11,000.00, so a
 *   correction of +1,000.00 is paid in Q2, to someone Q2's run does not pay.
 * - 2025-Q2: Ann sells 80,000.00 of 100,000.00 (8,000.00), Ben 120,000.00 (12,000.00); an admin
 *   enters a +500.00 adjustment for Ann.
 */

const CALCULATE = `mutation ($period: String!) {
  calculatePayouts(planId: "simple", period: $period) { ... on PayoutRun { id status } ... on Error { code message } }
}`;

const STATEMENTS = `query ($participantId: String!, $period: String!) {
  statements(participantId: $participantId, period: $period) {
    period lines { component } total { minorUnits } totalPayable { minorUnits formatted }
    adjustmentLines { kind code correctsPeriod amount { minorUnits } }
  }
}`;

const TEAM_TOTALS = `query ($period: String!) {
  teamTotals(teamId: "t-one", period: $period) {
    totals { minorUnits currency } members { participantId total { minorUnits } }
  }
}`;

describe('statements, team totals and the payroll export reconcile', () => {
  const store = useTestDatabase();
  let api: TestApp;
  let approver: string;
  let cat: string;
  let q2RunId: string;

  const asAdmin = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown>) =>
    api.graphql<T>(query, variables, api.keys.admin);

  async function calculate(period: string): Promise<string> {
    const response = await asAdmin<{ calculatePayouts: { id: string; status: string } }>(CALCULATE, {
      period,
    });
    expect(response.data?.calculatePayouts.status, JSON.stringify(response)).toBe('complete');
    return response.data!.calculatePayouts.id;
  }

  async function approve(runId: string) {
    const response = await api.graphql<{ approvePayoutRun: { __typename: string } }>(
      'mutation ($runId: ID!) { approvePayoutRun(runId: $runId) { __typename ... on Error { code message } } }',
      { runId },
      approver,
    );
    expect(response.data?.approvePayoutRun.__typename, JSON.stringify(response)).toBe('PayoutApproval');
  }

  const catOrder = (amount: number) => usdOrder('o-cat', '2025-02-01', amount, 'p-cat');

  beforeAll(async () => {
    api = await createTestApp(store.db);
    await seedPayouts(asAdmin, { calculate: false });
    const [ann, ben] = PAYOUT_DATA.Participants;
    const team = teamOne(['p-ann', 'member'], ['p-ben', 'lead']);
    await importRecords(api, {
      Participants: [{ ...usdParticipant('p-cat', 'Cat Leaver', 4_000_000), terminationDate: '2025-03-31' }],
      Teams: [
        {
          ...team,
          members: [
            ...team.members,
            { participantId: 'p-cat', role: 'member', from: '2020-01-01', to: '2025-03-31' },
          ],
        },
      ],
      Assignments: [
        { id: 'as-cat', participantId: 'p-cat', planId: 'simple', from: '2025-01-01', to: '2025-03-31' },
      ],
      Goals: [
        usdQuota('g-cat', 'p-cat', '2025-Q1', 10_000_000),
        usdQuota('g-ann-q2', 'p-ann', '2025-Q2', 10_000_000),
        usdQuota('g-ben-q2', 'p-ben', '2025-Q2', 10_000_000),
      ],
      Facts: [
        catOrder(10_000_000),
        usdOrder('o-ann-q2', '2025-05-01', 8_000_000, 'p-ann'),
        usdOrder('o-ben-q2', '2025-05-01', 12_000_000, 'p-ben'),
      ],
    });
    expect([ann?.id, ben?.id]).toEqual(['p-ann', 'p-ben']);
    approver = (await createApiKey(api.repositories, { name: 'approver', role: 'admin' })).secret;
    cat = (await createApiKey(api.repositories, { name: 'cat', role: 'participant', participantId: 'p-cat' }))
      .secret;
    await approve(await calculate('2025-Q1'));
    await importRecords(api, { Facts: [catOrder(11_000_000)] });
    await calculate('2025-Q1');
    q2RunId = await calculate('2025-Q2');
    const adjusted = await asAdmin<{ addPayoutAdjustment: { __typename: string } }>(
      'mutation { addPayoutAdjustment(planId: "simple", period: "2025-Q2", participantId: "p-ann", amountMinorUnits: 50000, reason: "Spot bonus") { __typename } }',
      {},
    );
    expect(adjusted.data?.addPayoutAdjustment.__typename).toBe('PayoutAdjustment');
  });

  it('shows a correction to someone the paying period has no statement for, to them and to an admin', async () => {
    // Q2 pays Cat no line; her Q1 correction is 11,000.00 - 10,000.00 = +1,000.00.
    const expected = [
      {
        period: '2025-Q2',
        lines: [],
        total: { minorUnits: 0 },
        totalPayable: { minorUnits: 100_000, formatted: '1,000.00 USD' },
        adjustmentLines: [
          {
            kind: 'prior_period',
            code: 'Revenue',
            correctsPeriod: '2025-Q1',
            amount: { minorUnits: 100_000 },
          },
        ],
      },
    ];
    const asCat = await api.graphql(STATEMENTS, { participantId: 'p-cat', period: '2025-Q2' }, cat);
    expect(asCat.data?.statements, JSON.stringify(asCat)).toEqual(expected);
    const asAdminToo = await asAdmin(STATEMENTS, { participantId: 'p-cat', period: '2025-Q2' });
    expect(asAdminToo.data?.statements).toEqual(expected);
    const ids = await api.graphql<{ statements: { id: string }[] }>(
      '{ statements(participantId: "p-cat", period: "2025-Q2") { id } }',
      {},
      cat,
    );
    const node = await api.graphql<{ node: { totalPayable: { minorUnits: number } } | null }>(
      'query ($id: ID!) { node(id: $id) { ... on Statement { totalPayable { minorUnits } } } }',
      { id: ids.data!.statements[0]!.id },
      cat,
    );
    expect(node.data?.node).toEqual({ totalPayable: { minorUnits: 100_000 } });
  });

  it('gives someone with lines and adjustments in the period one statement, not a second one for the adjustments', async () => {
    const ann = await asAdmin<{ statements: unknown[] }>(STATEMENTS, {
      participantId: 'p-ann',
      period: '2025-Q2',
    });
    // 8,000.00 for 80% + the 500.00 adjustment = 8,500.00.
    expect(ann.data?.statements).toEqual([
      expect.objectContaining({
        lines: [{ component: 'Revenue' }],
        total: { minorUnits: 800_000 },
        totalPayable: { minorUnits: 850_000, formatted: '8,500.00 USD' },
      }),
    ]);
  });

  it('counts adjustments and corrections in the team totals, with the leaver under her last team', async () => {
    const totals = await asAdmin(TEAM_TOTALS, { period: '2025-Q2' });
    // Ann 8,000.00 + 500.00 = 8,500.00; Ben 12,000.00; Cat's correction 1,000.00 (t-one was her
    // team until she left). Together 21,500.00.
    expect(totals.data?.teamTotals, JSON.stringify(totals)).toEqual({
      totals: [{ minorUnits: 2_150_000, currency: 'USD' }],
      members: [
        { participantId: 'p-ann', total: { minorUnits: 850_000 } },
        { participantId: 'p-ben', total: { minorUnits: 1_200_000 } },
        { participantId: 'p-cat', total: { minorUnits: 100_000 } },
      ],
    });
  });

  it("reconciles the team totals with the members' statements and with the approved period's payroll file", async () => {
    await approve(q2RunId);
    const totals = await asAdmin<{
      teamTotals: {
        totals: { minorUnits: number }[];
        members: { participantId: string; total: { minorUnits: number } }[];
      };
    }>(TEAM_TOTALS, { period: '2025-Q2' });
    const exported = await asAdmin<{
      exportPayroll: { files: { content: string; total: { minorUnits: number } }[] };
    }>(
      'mutation ($runId: ID!) { exportPayroll(runId: $runId, format: ndjson) { ... on PayrollExport { files { content total { minorUnits } } } } }',
      { runId: q2RunId },
    );
    const [file] = exported.data!.exportPayroll.files;
    const rows = file!.content
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { participantExternalId: string; amountMinor: number });
    const payable: [string, number][] = [];
    for (const { participantId } of totals.data!.teamTotals.members) {
      const statements = await asAdmin<{ statements: { totalPayable: { minorUnits: number } }[] }>(
        STATEMENTS,
        {
          participantId,
          period: '2025-Q2',
        },
      );
      payable.push([participantId, statements.data!.statements[0]!.totalPayable.minorUnits]);
    }
    const members = totals.data!.teamTotals.members.map((m) => [m.participantId, m.total.minorUnits]);
    // 8,500.00, 12,000.00 and 1,000.00 each way; 21,500.00 in all.
    expect(members).toEqual([
      ['p-ann', 850_000],
      ['p-ben', 1_200_000],
      ['p-cat', 100_000],
    ]);
    expect(payable).toEqual(members);
    expect(rows.map((row) => [row.participantExternalId, row.amountMinor])).toEqual(members);
    expect(file!.total.minorUnits).toBe(totals.data!.teamTotals.totals[0]!.minorUnits);
  });
});
