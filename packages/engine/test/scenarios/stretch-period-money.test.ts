/**
 * Money a plan pays once a period, not on the stretch's own facts — a fixed amount, money bands
 * on attainment, a commission on the prior period — is shared between a period's stretches by
 * their days, as the target incentive is; rates against a goal pay a stretch at the rates the
 * whole period earns. A person who changes team or plan version is never paid it twice. Every
 * amount is worked out by hand in the comments.
 */
import { checkPlan, renderExplanation } from '@attain/rules';
import { describe, expect, it } from 'vitest';
import { GENERATED_GOALS, generateDataset } from '../../src/generator/generate-dataset.js';
import type { Fact } from '../../src/model/fact.js';
import type { OrgSnapshot, TeamMembership } from '../../src/model/org.js';
import { calculateStatements } from '../../src/statements/calculate-statements.js';
import type { PlanVersion, Statement } from '../../src/statements/statement.js';
import { account, order, org, participant } from '../helpers/org.js';

const compile = (text: string) => {
  const result = checkPlan(text);
  if (!result.plan) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return result.plan;
};

const planText = (prorate: string) => `plan "Period money"
  period quarter
  currency USD
  target incentive: annual, ${prorate}

measure revenue = sum of order.amount

component "Welcome" for team
  pays 1,500.01

component "Club" for team
  pays curve on revenue / goal "Team revenue":
    below 100%: 0
    from 100%: 5,000

component "Lagged commission" for team
  pays 2% of revenue in prior period

component "Lagged rates" for team
  pays rates on revenue in prior period, marginal, on the period total:
    up to 50,000: 1%
    from 50,000: 3%

component "Quota rates" for team
  pays rates on revenue against goal "Team revenue", marginal, on the period total:
    up to 100%: 2%
    from 100%: 4%
`;
const prorated = compile(planText('prorated by days employed (actual/actual)'));

// Q4 2024 (the prior period): T1 sells 80,000.50, T2 30,000.00.
// Q1 2025: T1 60,000.00 on 10 January and 60,000.00 on 20 March (120,000.00 against a goal of
// 100,000.00: 120%); T2 10,000.00 on 1 February and 15,000.00 on 1 March (25,000.00 against
// 50,000.00: 50%).
const facts: Fact[] = [
  order('p1', '2024-11-10', 'a1', 8_000_050),
  order('p2', '2024-12-01', 'a2', 3_000_000),
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
    plan: 'Period money',
    from: '2020-01-01',
  })),
  goals: [
    { name: 'Team revenue', ownerId: 'T1', periodId: '2025-Q1', value: 10_000_000 },
    { name: 'Team revenue', ownerId: 'T2', periodId: '2025-Q1', value: 5_000_000 },
  ],
});

const run = (
  plans: readonly PlanVersion[],
  people: OrgSnapshot = snapshot,
  amountsOnly = false,
  orders: readonly Fact[] = facts,
) => calculateStatements({ plans, org: people, facts: orders, period: '2025-Q1', amountsOnly }).statements;

const lines = (statement: Statement) => statement.lines.map((l) => [l.teamId, l.component, l.amountMinor]);
const of = (statements: readonly Statement[], id: string) => statements.find((s) => s.participantId === id)!;

describe('a participant who changes team mid-period, on money paid once a period', () => {
  const statements = run([{ plan: prorated }]);

  it('is paid each of them once, shared between the teams by the days on each', () => {
    // 1 Jan-14 Feb on T1 and 15 Feb-31 Mar on T2: 45 of 90 days each, a share of 1/2.
    // Welcome: 1,500.01 for the quarter; 750.005 + 750.005, rounded together: 1,500.01, the
    //   odd cent to the earlier stretch: 750.01 + 750.00.
    // Club: T1 reaches 120% (5,000.00 for the quarter) x 1/2 = 2,500.00; T2 50%: 0.
    // Lagged commission: 2% of T1's Q4 80,000.50 = 1,600.01 x 1/2 = 800.005;
    //   2% of T2's Q4 30,000.00 = 600.00 x 1/2 = 300.00; 1,100.005 in all rounds half-even to
    //   1,100.00: 800.00 + 300.00.
    // Lagged rates: T1 50,000 x 1% + 30,000.50 x 3% = 500.00 + 900.015 = 1,400.02 (rounded
    //   half-even from 1,400.015) x 1/2 = 700.01; T2 30,000 x 1% = 300.00 x 1/2 = 150.00.
    // Quota rates: T1's quarter 100,000 x 2% + 20,000 x 4% = 2,800.00, of which the stretch's
    //   60,000 (o1) is 1/2: 1,400.00; T2's quarter 25,000 x 2% = 500.00, the stretch's 15,000
    //   (o4) is 3/5: 300.00.
    expect(lines(of(statements, 'mover'))).toEqual([
      ['T1', 'Welcome', 75_001],
      ['T1', 'Club', 250_000],
      ['T1', 'Lagged commission', 80_000],
      ['T1', 'Lagged rates', 70_001],
      ['T1', 'Quota rates', 140_000],
      ['T2', 'Welcome', 75_000],
      ['T2', 'Club', 0],
      ['T2', 'Lagged commission', 30_000],
      ['T2', 'Lagged rates', 15_000],
      ['T2', 'Quota rates', 30_000],
    ]);
  });

  it('is never paid more of them on a team than a member who stayed all period', () => {
    // On T1 all quarter: 1,500.01; 5,000.00; 2% x 80,000.50 = 1,600.01; 1,400.02;
    // 100,000 x 2% + 20,000 x 4% = 2,800.00.
    expect(lines(of(statements, 'stayer'))).toEqual([
      ['T1', 'Welcome', 150_001],
      ['T1', 'Club', 500_000],
      ['T1', 'Lagged commission', 160_001],
      ['T1', 'Lagged rates', 140_002],
      ['T1', 'Quota rates', 280_000],
    ]);
  });

  it('gives the same cents in an amounts-only run, as backtests compute them', () => {
    const cents = (s: readonly Statement[]) => s.map((x) => [x.participantId, lines(x), x.totalMinor]);
    expect(cents(run([{ plan: prorated }], snapshot, true))).toEqual(cents(statements));
  });

  it("says in the explanation what the whole period pays and the stretch's share of it", () => {
    const statement = of(statements, 'mover');
    const text = (component: string, teamId: string) =>
      renderExplanation(
        statement.lines.find((l) => l.component === component && l.teamId === teamId)!.explanation,
        'USD',
      );
    expect(text('Welcome', 'T1').split('\n')[0]).toBe(
      'Welcome = 750.01 USD (1,500.01 USD for the quarter x 45 / 90 days employed (actual/actual, 2025-01-01 to 2025-02-14): paid once a quarter, shared between its stretches by their days like the target incentive; rounded so the stretches of the quarter add up to 1,500.01 USD)',
    );
    expect(text('Welcome', 'T1')).toContain('Welcome, for the whole quarter = 1,500.01 USD');
    expect(text('Quota rates', 'T2')).toContain(
      "marginal, the whole period on 50% of goal 50,000.00 USD: up to 100%: 2% on 25,000.00 USD = 500.00 USD; this stretch's 15,000.00 USD is 60% of the period's 25,000.00 USD",
    );
  });
});

describe('a plan version that changes mid-period, on money paid once a period', () => {
  it('pays the whole period exactly once, the parts adding up to the cent', () => {
    const v1 = { plan: prorated, effectiveTo: '2025-02-14', version: 'v1' };
    const v2 = {
      plan: compile(planText('prorated by days employed (actual/actual)')),
      effectiveFrom: '2025-02-15',
      version: 'v2',
    };
    // T1 sells 100,000.00 on 10 January and 20,000.00 on 20 March: 120% of 100,000.00.
    const lumpy = [
      order('p1', '2024-11-10', 'a1', 8_000_050),
      order('o1', '2025-01-10', 'a1', 10_000_000),
      order('o2', '2025-03-20', 'a1', 2_000_000),
    ];
    const statement = of(run([v1, v2], snapshot, false, lumpy), 'stayer');
    // 45 of 90 days on each version. Welcome 750.01 + 750.00 = 1,500.01; Club 2,500.00 twice;
    // lagged commission 1,600.01: 800.005 each, rounded together 800.01 + 800.00; lagged rates
    // 1,400.02: 700.01 + 700.01.
    // Quota rates: the quarter pays 2,800.00 (as above); v1's 100,000 is 5/6 of the quarter's
    // 120,000: 2,333.333 -> 2,333.33; v2's 20,000 is 1/6: 466.667 -> 466.67. 2,800.00 in all,
    // where each stretch against the whole goal would pay 2,000.00 + 400.00, and against half
    // the goal 3,000.00 + 400.00.
    expect(lines(statement)).toEqual([
      ['T1', 'Welcome', 75_001],
      ['T1', 'Club', 250_000],
      ['T1', 'Lagged commission', 80_001],
      ['T1', 'Lagged rates', 70_001],
      ['T1', 'Quota rates', 233_333],
      ['T1', 'Welcome', 75_000],
      ['T1', 'Club', 250_000],
      ['T1', 'Lagged commission', 80_000],
      ['T1', 'Lagged rates', 70_001],
      ['T1', 'Quota rates', 46_667],
    ]);
    // 1,500.01 + 5,000.00 + 1,600.01 + 1,400.02 + 2,800.00 = 12,300.04: the stayer's quarter.
    expect(statement.totalMinor).toBe(1_230_004);
  });
});

describe('a participant who joins mid-period, on money paid once a period', () => {
  const joined = org({
    ...snapshot,
    participants: [participant('joiner', { hireDate: '2025-02-15' })],
    memberships: [{ participantId: 'joiner', teamId: 'T1', role: 'KAM', from: '2025-02-15' }],
    assignments: [{ participantId: 'joiner', plan: 'Period money', from: '2025-02-15' }],
  });

  it('earns the days employed on a prorated plan, as the target incentive does', () => {
    const [statement] = run([{ plan: prorated }], joined);
    // 45 of 90 days: Welcome 750.005 -> 750.00 (half-even); Club 2,500.00; lagged commission
    // 800.005 -> 800.00; lagged rates 700.01. Quota rates: only o2 (60,000, 20 March) is the
    // joiner's, half of T1's quarter at 2,800.00: 1,400.00.
    expect(lines(statement!)).toEqual([
      ['T1', 'Welcome', 75_000],
      ['T1', 'Club', 250_000],
      ['T1', 'Lagged commission', 80_000],
      ['T1', 'Lagged rates', 70_001],
      ['T1', 'Quota rates', 140_000],
    ]);
  });

  it('earns the whole period on a plan that is not prorated, as the target incentive does', () => {
    const [statement] = run([{ plan: compile(planText('not prorated')) }], joined);
    expect(lines(statement!).slice(0, 4)).toEqual([
      ['T1', 'Welcome', 150_001],
      ['T1', 'Club', 500_000],
      ['T1', 'Lagged commission', 160_001],
      ['T1', 'Lagged rates', 140_002],
    ]);
  });
});

describe('a running total over stretches', () => {
  const running = compile(`plan "Period money"
  period quarter
  currency USD
  target incentive: annual, prorated by days employed (actual/actual)

measure revenue = sum of order.amount

component "Running" for team
  pays rates on revenue, marginal, on the running total:
    up to 50,000: 1%
    from 50,000: 3%
`);

  it('continues each stretch where the earlier one ended, so a version change pays the tiers once', () => {
    const v1 = { plan: running, effectiveTo: '2025-02-14', version: 'v1' };
    const v2 = { plan: compile(running.source!), effectiveFrom: '2025-02-15', version: 'v2' };
    const statement = of(run([v1, v2]), 'stayer');
    // T1's year to date runs 0 -> 60,000 to 14 February (o1) and -> 120,000 to 31 March (o2).
    // v1: 50,000 x 1% + 10,000 x 3% = 500.00 + 300.00 = 800.00; v2: 60,000 x 3% = 1,800.00.
    // 2,600.00 in all, as one stretch pays: 50,000 x 1% + 70,000 x 3%.
    expect(lines(statement)).toEqual([
      ['T1', 'Running', 80_000],
      ['T1', 'Running', 180_000],
    ]);
    expect(lines(of(run([v1, v2], snapshot, true), 'stayer'))).toEqual(lines(statement));
  });

  it('pays a true-up on each version what was earned through its last day, less what the earlier one paid', () => {
    const trueUp = compile(`plan "Period money"
  period quarter
  currency USD
  target incentive: annual, prorated by days employed (actual/actual)
  true-up year to date

measure revenue = sum of order.amount

component "Commission to date" for team
  pays 2% of revenue in year to date
`);
    const v1 = { plan: trueUp, effectiveTo: '2025-02-14', version: 'v1' };
    const v2 = { plan: compile(trueUp.source!), effectiveFrom: '2025-02-15', version: 'v2' };
    // v1: 2% of T1's 60,000 to 14 February = 1,200.00; v2: 2% of 120,000 = 2,400.00 earned to
    // date, minus the 1,200.00 v1 paid = 1,200.00. (Read whole, v1 would pay 2,400.00 for sales
    // made under v2, and v2 nothing.)
    expect(lines(of(run([v1, v2]), 'stayer'))).toEqual([
      ['T1', 'Commission to date', 120_000],
      ['T1', 'Commission to date', 120_000],
    ]);
  });

  it("reads each team's year to date through the stretch's last day for a mover", () => {
    const statement = of(run([{ plan: running }]), 'mover');
    // T1 to 14 February: 0 -> 60,000: 800.00. T2 from 15 February: its year to date is 10,000
    // (o3) before the move and 25,000 after o4: 15,000 x 1% = 150.00.
    expect(lines(statement)).toEqual([
      ['T1', 'Running', 80_000],
      ['T2', 'Running', 15_000],
    ]);
    const text = renderExplanation(statement.lines[0]!.explanation, 'USD');
    expect(text).toContain('sum of order.amount for team in year to date through 2025-02-14');
  });
});

describe('money paid once a period in bulk runs', () => {
  it('gives the cents of the explaining run over two years of generated movers', () => {
    const plan = compile(`plan "Generated"
  period quarter
  currency USD
  target incentive: annual, prorated by days employed (actual/365)

measure revenue = sum of order.amount

component "Welcome" for team
  pays 1,500.01

component "Club" for team
  pays curve on revenue / goal "${GENERATED_GOALS.teamRevenue}":
    below 100%: 0
    from 100% up to 150%: 1,000 to 3,000
    from 150%: 3,000

component "Lagged commission" for team
  pays 1.5% of revenue in prior period

component "Quota rates" for team
  pays rates on revenue against goal "${GENERATED_GOALS.teamRevenue}", marginal, on the period total:
    up to 100%: 1%
    from 100%: 3%

component "Running" for team
  pays rates on revenue, marginal, on the running total:
    up to 1,000,000: 1%
    from 1,000,000: 2%
`);
    const dataset = generateDataset({
      seed: 11,
      teams: 6,
      participantsPerTeam: 10,
      accountsPerTeam: 4,
      from: '2024-01-01',
      to: '2025-12-31',
      plans: [{ name: plan.name, currency: plan.currency }],
    });
    const common = { plan, period: '2025', org: dataset.org, facts: dataset.facts };
    const full = calculateStatements(common).statements;
    const bulk = calculateStatements({ ...common, amountsOnly: true }).statements;
    // Not a vacuous comparison: people change team mid-quarter and the shared lines pay.
    const moved = full.filter((s) => s.segments.length > 1);
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.some((s) => s.lines.some((l) => l.component === 'Welcome' && l.amountMinor > 0))).toBe(true);
    const cents = (s: readonly Statement[]) => s.map((x) => [x.participantId, x.periodId, lines(x)]);
    expect(cents(bulk)).toEqual(cents(full));
  });
});
