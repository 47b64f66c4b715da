/**
 * A period cut into stretches (a team change, a new plan version) pays each fact once: money
 * made of facts (commissions, rates, deals) counts the facts dated inside the stretch, while a
 * share of the target counts the team's whole period against the period's goal, paid on the
 * stretch's prorated target. Every amount is worked out by hand in the comments.
 */
import { checkPlan, renderExplanation } from '@attain/rules';
import { describe, expect, it } from 'vitest';
import type { Fact } from '../../src/model/fact.js';
import type { TeamMembership } from '../../src/model/org.js';
import { calculateStatements } from '../../src/statements/calculate-statements.js';
import { account, order, org, participant } from '../helpers/org.js';

const compile = (text: string) => {
  const result = checkPlan(text);
  if (!result.plan) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return result.plan;
};

const teamPlan = compile(`plan "Movers"
  period quarter
  currency USD
  target incentive: annual, prorated by days employed (actual/actual)

measure revenue = sum of order.amount

component "Team attainment" for team
  pays curve on revenue / goal "Team revenue":
    from 0% up to 200%: 0% to 200%
    from 200%: 200%

component "Team commission" for team
  pays 2% of revenue

component "Team rates" for team
  pays rates on revenue, marginal, on the period total:
    up to 50,000: 1%
    from 50,000: 3%
`);

// T1 sells 60,000.00 on 10 January and 60,000.00 on 20 March (120,000.00 against a goal of
// 100,000.00: 120%). T2 sells 10,000.00 on 1 February and 15,000.00 on 1 March (25,000.00
// against 50,000.00: 50%).
const facts: Fact[] = [
  order('o1', '2025-01-10', 'a1', 6_000_000),
  order('o2', '2025-03-20', 'a1', 6_000_000),
  order('o3', '2025-02-01', 'a2', 1_000_000),
  order('o4', '2025-03-01', 'a2', 1_500_000),
];

const mover: TeamMembership[] = [
  { participantId: 'mover', teamId: 'T1', role: 'KAM', from: '2020-01-01', to: '2025-02-14' },
  { participantId: 'mover', teamId: 'T2', role: 'KAM', from: '2025-02-15' },
];

const snapshot = org({
  teams: [
    { id: 'T1', name: 'Team 1' },
    { id: 'T2', name: 'Team 2' },
  ],
  accounts: [account('a1', 'T1'), account('a2', 'T2')],
  participants: [participant('mover'), participant('stayer')],
  memberships: [...mover, { participantId: 'stayer', teamId: 'T1', role: 'KAM', from: '2020-01-01' }],
  assignments: ['mover', 'stayer'].map((participantId) => ({
    participantId,
    plan: 'Movers',
    from: '2020-01-01',
  })),
  goals: [
    { name: 'Team revenue', ownerId: 'T1', periodId: '2025-Q1', value: 10_000_000 },
    { name: 'Team revenue', ownerId: 'T2', periodId: '2025-Q1', value: 5_000_000 },
  ],
});

const run = (amountsOnly = false) =>
  calculateStatements({ plan: teamPlan, org: snapshot, facts, period: '2025-Q1', amountsOnly }).statements;

const lines = (statement: {
  lines: readonly { component: string; teamId: string | null; amountMinor: number }[];
}) => statement.lines.map((l) => [l.teamId, l.component, l.amountMinor]);

describe('a participant who changes team mid-period', () => {
  it("is paid a team commission on each team's facts dated while they were on it, and attainment on the team's whole period", () => {
    const statement = run().find((s) => s.participantId === 'mover')!;
    // Annual 40,000.00, 45 of 90 days on each team: 5,000.00 of target per stretch.
    // T1, 1 Jan-14 Feb: T1's facts in the stretch are o1 (60,000.00).
    //   attainment: T1's quarter 120,000 / 100,000 = 120% x 5,000.00 = 6,000.00;
    //   commission: 2% x 60,000.00 = 1,200.00;
    //   rates: 50,000 x 1% + 10,000 x 3% = 500.00 + 300.00 = 800.00.
    // T2, 15 Feb-31 Mar: o4 (15,000.00); o3 on 1 February was sold before the move.
    //   attainment: T2's quarter 25,000 / 50,000 = 50% x 5,000.00 = 2,500.00;
    //   commission: 2% x 15,000.00 = 300.00; rates: 15,000 x 1% = 150.00.
    expect(lines(statement)).toEqual([
      ['T1', 'Team attainment', 600_000],
      ['T1', 'Team commission', 120_000],
      ['T1', 'Team rates', 80_000],
      ['T2', 'Team attainment', 250_000],
      ['T2', 'Team commission', 30_000],
      ['T2', 'Team rates', 15_000],
    ]);
    // 6,000 + 1,200 + 800 + 2,500 + 300 + 150 = 10,950.00.
    expect(statement.totalMinor).toBe(1_095_000);
  });

  it('is never paid more commission on a team than a member who stayed all period', () => {
    const stayer = run().find((s) => s.participantId === 'stayer')!;
    // On T1 all quarter: 120% x 10,000.00 = 12,000.00; 2% x 120,000.00 = 2,400.00;
    // 50,000 x 1% + 70,000 x 3% = 500.00 + 2,100.00 = 2,600.00.
    expect(lines(stayer)).toEqual([
      ['T1', 'Team attainment', 1_200_000],
      ['T1', 'Team commission', 240_000],
      ['T1', 'Team rates', 260_000],
    ]);
  });

  it('gives the same cents in an amounts-only run', () => {
    const full = run().map((s) => s.lines.map((l) => l.amountMinor));
    const bulk = run(true).map((s) => s.lines.map((l) => l.amountMinor));
    expect(bulk).toEqual(full);
  });

  it("says in the explanation which days a stretch's commission counted, and the whole period for attainment", () => {
    const statement = run().find((s) => s.participantId === 'mover')!;
    const text = (component: string, teamId: string) =>
      renderExplanation(
        statement.lines.find((l) => l.component === component && l.teamId === teamId)!.explanation,
        'USD',
      );
    expect(text('Team commission', 'T2')).toContain(
      'sum of order.amount = 15,000.00 USD (sum of order.amount for team from 2025-02-15 to 2025-03-31)',
    );
    expect(text('Team attainment', 'T2')).toContain(
      'sum of order.amount = 25,000.00 USD (sum of order.amount for team in period)',
    );
  });
});

describe('a participant who joins mid-period', () => {
  it("is paid a team commission on the team's facts from the hire date, and attainment on the whole period", () => {
    const joined = org({
      ...snapshot,
      participants: [participant('joiner', { hireDate: '2025-02-15' })],
      memberships: [{ participantId: 'joiner', teamId: 'T1', role: 'KAM', from: '2025-02-15' }],
      assignments: [{ participantId: 'joiner', plan: 'Movers', from: '2025-02-15' }],
    });
    const [statement] = calculateStatements({
      plan: teamPlan,
      org: joined,
      facts,
      period: '2025-Q1',
    }).statements;
    // 45 of 90 days: 5,000.00 of target. Attainment: T1's quarter 120% x 5,000.00 = 6,000.00.
    // Commission: only o2 (20 March, 60,000.00) is dated after the hire: 2% = 1,200.00;
    // rates: 50,000 x 1% + 10,000 x 3% = 800.00.
    expect(lines(statement!)).toEqual([
      ['T1', 'Team attainment', 600_000],
      ['T1', 'Team commission', 120_000],
      ['T1', 'Team rates', 80_000],
    ]);
  });
});

describe('a plan version that changes mid-period', () => {
  const version = (rate: string) =>
    compile(`plan "Deals"
  period quarter
  currency USD
  target incentive: annual, not prorated

measure sales = sum of order.amount for individual

component "Commission" for individual
  pays ${rate} of sales

component "Per deal" for individual
  pays rates on sales, retroactive, per deal:
    up to 50,000: 1%
    from 50,000: 2%
`);
  const credited = { credits: [{ participantId: 'rep', share: 1 }] };

  it("pays an individual commission on each deal once, at the rate of the version in force on the deal's date", () => {
    const statements = calculateStatements({
      plans: [
        { plan: version('5%'), effectiveTo: '2025-02-14', version: 'v1' },
        { plan: version('10%'), effectiveFrom: '2025-02-15', version: 'v2' },
      ],
      org: org({
        teams: [{ id: 'T1', name: 'Team 1' }],
        accounts: [account('a1', 'T1')],
        participants: [participant('rep')],
        memberships: [{ participantId: 'rep', teamId: 'T1', role: 'KAM', from: '2020-01-01' }],
        assignments: [{ participantId: 'rep', plan: 'Deals', from: '2020-01-01' }],
      }),
      facts: [
        order('d1', '2025-01-10', 'a1', 6_000_000, credited),
        order('d2', '2025-03-20', 'a1', 3_000_000, credited),
      ],
      period: '2025-Q1',
    }).statements;
    // v1 (to 14 Feb) pays d1 (60,000.00): 5% = 3,000.00, per deal 2% = 1,200.00.
    // v2 (from 15 Feb) pays d2 (30,000.00): 10% = 3,000.00, per deal 1% = 300.00.
    expect(statements[0]!.lines.map((l) => [l.component, l.amountMinor])).toEqual([
      ['Commission', 300_000],
      ['Per deal', 120_000],
      ['Commission', 300_000],
      ['Per deal', 30_000],
    ]);
    expect(statements[0]!.totalMinor).toBe(750_000);
  });
});
