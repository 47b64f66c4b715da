/**
 * The target incentive of a statement: the period's cut of the annual target times the fraction
 * of the period employed, by the plan's day count; shown as data and in the explanations.
 */
import { checkPlan, type DayCount, renderExplanation } from '@attain/rules';
import { describe, expect, it } from 'vitest';
import type { OrgSnapshot, Participant, TeamMembership } from '../../src/model/org.js';
import { calculateStatements } from '../../src/statements/calculate-statements.js';
import type { Statement } from '../../src/statements/statement.js';
import { account, order, org, participant } from '../helpers/org.js';
import { createTestPlan, orderRevenue } from '../helpers/test-plan.js';

// Annual target 60,000.00 USD: a quarter's cut is 15,000.00, a year's 60,000.00.
const ANNUAL = 6_000_000;

const plan = (dayCount: DayCount, period: 'quarter' | 'year' = 'quarter') =>
  createTestPlan({
    name: 'Plan',
    period,
    dayCount,
    components: [{ name: 'Team revenue', measure: 'revenue', goal: 'goal' }],
    aggregates: [orderRevenue()],
    goals: [{ key: 'goal', name: 'Team revenue', owner: 'team', window: 'period', unit: 'money' }],
  });

const orgWith = (
  person: Partial<Participant>,
  memberships: Omit<TeamMembership, 'participantId'>[] = [{ teamId: 'T1', role: 'KAM', from: '2020-01-01' }],
): OrgSnapshot =>
  org({
    teams: [
      { id: 'T1', name: 'Team 1' },
      { id: 'T2', name: 'Team 2' },
    ],
    accounts: [account('a1', 'T1'), account('a2', 'T2')],
    participants: [participant('p1', { annualTargetIncentiveMinor: ANNUAL, ...person })],
    memberships: memberships.map((m) => ({ participantId: 'p1', ...m })),
    assignments: [{ participantId: 'p1', plan: 'Plan', from: '2020-01-01' }],
  });

const statementOf = (dayCount: DayCount, period: string, o: OrgSnapshot, kind?: 'year'): Statement => {
  const run = calculateStatements({ plan: plan(dayCount, kind), period, org: o, facts: [] });
  expect(run.errors).toEqual([]);
  return run.statements[0]!;
};

const conventions: DayCount[] = ['actual/actual', 'actual/365', '30/360'];

describe('a participant employed the whole period', () => {
  it('gets a quarter of the annual target under actual/365, not 90/365 of it (issue 10)', () => {
    // Q1 2025 has 90 days. 6,000,000 / 4 = 1,500,000 (15,000.00); 90/365 would be 1,479,452 (14,794.52).
    const s = statementOf('actual/365', '2025-Q1', orgWith({}));
    expect(s.targetIncentiveMinor).toBe(1_500_000);
  });

  it('gets the whole annual target for all of 2024 on a yearly plan, not 366/365 of it (issue 10)', () => {
    // 2024 has 366 days. 7,500,000 x 1 = 7,500,000 (75,000.00); 366/365 would be 7,520,548 (75,205.48).
    const s = statementOf('actual/365', '2024', orgWith({ annualTargetIncentiveMinor: 7_500_000 }), 'year');
    expect(s.targetIncentiveMinor).toBe(7_500_000);
  });

  it.each(conventions)(
    'gets exactly the quarter cut under %s, in a 90-day and a 92-day quarter',
    (dayCount) => {
      // 6,000,000 / 4 = 1,500,000 whatever the quarter's length.
      expect(statementOf(dayCount, '2025-Q1', orgWith({})).targetIncentiveMinor).toBe(1_500_000);
      expect(statementOf(dayCount, '2025-Q3', orgWith({})).targetIncentiveMinor).toBe(1_500_000);
    },
  );

  it.each([
    // Team move on 15 February: 1 Jan..14 Feb (45 actual days, 30 + 14 = 44 30/360 days) and
    // 15 Feb..31 Mar (45 actual days; 13 + 3 + 30 = 46 30/360 days). Annual 1,000,004: the cut
    // is exactly 250,001.
    // actual/actual: 1,000,004 x 45/360 = 125,000.5 each; rounded alone, both would round
    //   half-even to 125,000 (250,000 in all). Together: floors 125,000 + 125,000, the cent
    //   left goes to the earlier stretch on a tie: 125,001 + 125,000 = 250,001.
    ['actual/actual', [125_001, 125_000]],
    // actual/365: on the plan the whole quarter, so its 90 actual days count: as actual/actual.
    ['actual/365', [125_001, 125_000]],
    // 30/360: 1,000,004 x 44/360 = 122,222.71, x 46/360 = 127,778.29; floors 122,222 +
    //   127,778 = 250,000, the cent left goes to the larger remainder (.71): 122,223 + 127,778.
    ['30/360', [122_223, 127_778]],
  ] as const)('gets exactly the quarter cut over two team stretches under %s', (dayCount, expected) => {
    const mover = orgWith({ annualTargetIncentiveMinor: 1_000_004 }, [
      { teamId: 'T1', role: 'KAM', from: '2020-01-01', to: '2025-02-14' },
      { teamId: 'T2', role: 'KAM', from: '2025-02-15' },
    ]);
    const s = statementOf(dayCount, '2025-Q1', mover);
    expect(s.segments.map((g) => g.targetIncentiveMinor)).toEqual(expected);
    expect(s.targetIncentiveMinor).toBe(250_001);
  });
});

describe('a plan version change mid-quarter', () => {
  it('still pays someone employed the whole quarter exactly its cut', () => {
    // v1 (actual/actual) to 14 Feb, v2 (actual/365) from 15 Feb: on the plan all 90 days, so
    // each stretch is 45/90 of the cut. Annual 1,000,004: 125,000.5 + 125,000.5 = 250,001,
    // the cent left to the earlier stretch on a tie: 125,001 + 125,000.
    const run = calculateStatements({
      plans: [
        { plan: plan('actual/actual'), effectiveTo: '2025-02-14', version: 'v1' },
        { plan: plan('actual/365'), effectiveFrom: '2025-02-15', version: 'v2' },
      ],
      period: '2025-Q1',
      org: orgWith({ annualTargetIncentiveMinor: 1_000_004 }),
      facts: [],
    });
    const [s] = run.statements;
    expect(s?.segments.map((g) => [g.version, g.proration?.dayCount, g.targetIncentiveMinor])).toEqual([
      ['v1', 'actual/actual', 125_001],
      ['v2', 'actual/365', 125_000],
    ]);
    expect(s?.targetIncentiveMinor).toBe(250_001);
  });
});

describe('a mid-quarter hire (2025-02-15) and a leaver (last day 2025-03-20) in Q1 2025', () => {
  it.each([
    // Hire: 45 actual days (14 in February, 31 in March); 30/360: 13 + 3 + 30 = 46.
    //   actual/actual: 6,000,000 x 1/4 x 45/90 = 750,000.
    //   actual/365:    6,000,000 x 45/365 = 739,726.03 -> 739,726.
    //   30/360:        6,000,000 x 1/4 x 46/90 = 766,666.67 -> 766,667.
    // Leaver: 79 actual days (31 + 28 + 20); 30/360: 30 + 30 + 20 = 80.
    //   actual/actual: 6,000,000 x 1/4 x 79/90 = 1,316,666.67 -> 1,316,667.
    //   actual/365:    6,000,000 x 79/365 = 1,298,630.14 -> 1,298,630.
    //   30/360:        6,000,000 x 1/4 x 80/90 = 1,333,333.33 -> 1,333,333.
    ['actual/actual', 750_000, 1_316_667],
    ['actual/365', 739_726, 1_298_630],
    ['30/360', 766_667, 1_333_333],
  ] as const)('prorates both under %s', (dayCount, hire, leaver) => {
    expect(statementOf(dayCount, '2025-Q1', orgWith({ hireDate: '2025-02-15' })).targetIncentiveMinor).toBe(
      hire,
    );
    expect(
      statementOf(dayCount, '2025-Q1', orgWith({ terminationDate: '2025-03-20' })).targetIncentiveMinor,
    ).toBe(leaver);
  });
});

describe('the proration on the statement', () => {
  it('records days employed, days in the period, the day count, the fraction and the annual target', () => {
    const s = statementOf('actual/365', '2025-Q1', orgWith({ hireDate: '2025-02-15' }));
    // 45 days of a 365/4 = 91.25-day quarter: 45 / 91.25 = 0.49315...; 6,000,000 / 4 x that = 739,726.
    expect(s.segments).toHaveLength(1);
    expect(s.segments[0]).toMatchObject({
      from: '2025-02-15',
      to: '2025-03-31',
      targetIncentiveMinor: 739_726,
      proration: {
        annualTargetIncentiveMinor: 6_000_000,
        periodsPerYear: 4,
        dayCount: 'actual/365',
        daysEmployed: 45,
        daysInPeriod: 91.25,
        wholePeriod: false,
      },
    });
    expect(s.segments[0]?.proration?.fraction).toBeCloseTo(45 / 91.25, 12);
  });

  it('records a whole period as the whole period, with a fraction of exactly 1', () => {
    const s = statementOf('actual/365', '2025-Q1', orgWith({}));
    expect(s.segments[0]?.proration).toEqual({
      annualTargetIncentiveMinor: 6_000_000,
      periodsPerYear: 4,
      dayCount: 'actual/365',
      daysEmployed: 90,
      daysInPeriod: 90,
      wholePeriod: true,
      fraction: 1,
    });
  });

  it('records no day count when the plan does not prorate, and the stretches share the cut by days', () => {
    const run = calculateStatements({
      plan: createTestPlan({ ...{ name: 'Plan' }, prorate: 'none', components: [] }),
      period: '2025-Q1',
      org: orgWith({ hireDate: '2025-02-15' }),
      facts: [],
    });
    // Not prorated: the joiner gets the whole cut, 6,000,000 / 4 = 1,500,000.
    expect(run.statements[0]?.segments[0]).toMatchObject({
      targetIncentiveMinor: 1_500_000,
      proration: { dayCount: null, daysEmployed: 45, daysInPeriod: 90, wholePeriod: false, fraction: 1 },
    });
  });

  it('explains the target in money and days, never in minor units', () => {
    const s = statementOf('actual/365', '2025-Q1', orgWith({ hireDate: '2025-02-15' }));
    const text = renderExplanation(s.segments[0]!.targetIncentiveExplanation!, 'USD');
    expect(text).toBe(
      [
        'target incentive = 7,397.26 USD (60,000.00 USD a year x 1/4 for the quarter x 45 / 91.25 days employed (actual/365))',
        "  annual target incentive = 60,000.00 USD (from the participant's record)",
        '  share of the year = 25% (a quarter is 1/4 of the year)',
        '  days employed = 45 (2025-02-15 to 2025-03-31, actual days)',
        '  days in the period = 91.25 (365 / 4: each day employed earns 1/365 of the annual target)',
        '  fraction of the period employed = 49.3151% (45 / 91.25)',
      ].join('\n'),
    );
    expect(text).not.toMatch(/739726|6000000/);
  });

  it('explains the proration under the component target of every line that pays a share of it', () => {
    const { plan: compiled } = checkPlan(`plan "Plan"
  period quarter
  currency USD
  target incentive: annual, prorated by days employed (30/360)

measure revenue = sum of order.amount

component "Team revenue" weight 50% for team
  pays curve on revenue / goal "Team revenue":
    below 50%: 0%
    from 50%: 100%

component "Team orders" weight 50% for team
  pays curve on revenue / goal "Team revenue":
    below 200%: 0%
`);
    expect(compiled).toBeDefined();
    const o = {
      ...orgWith({ hireDate: '2025-02-15' }),
      goals: [{ name: 'Team revenue', ownerId: 'T1', periodId: '2025-Q1', value: 100_000 }],
    };
    const run = calculateStatements({
      plan: compiled!,
      period: '2025-Q1',
      org: o,
      facts: [order('o1', '2025-03-01', 'a1', 100_000)],
    });
    const line = run.statements[0]!.lines[0]!;
    // Target 6,000,000 x 46/360 = 766,666.67 -> 766,667 (7,666.67); the component's half of it
    // is 383,333.5, paid at 100%: 383,333.5 -> 383,334 half-even (3,833.34).
    expect(line.amountMinor).toBe(383_334);
    const text = renderExplanation(line.explanation, 'USD');
    expect(text).toContain('  component target = 3,833.34 USD');
    expect(text).toContain(
      '    target incentive = 7,666.67 USD (60,000.00 USD a year x 1/4 for the quarter x 46 / 90 days employed (30/360))',
    );
    expect(text).toContain('      days employed = 46 (2025-02-15 to 2025-03-31, counting 30 days a month)');
    expect(text).toContain('      days in the period = 90 (30 days a month)');
  });
});
