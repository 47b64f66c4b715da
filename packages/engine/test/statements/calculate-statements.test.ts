import type { PlanInput } from '@attain/rules';
import { describe, expect, it } from 'vitest';
import type { Fact } from '../../src/model/fact.js';
import type { OrgSnapshot } from '../../src/model/org.js';
import { calculateStatements } from '../../src/statements/calculate-statements.js';
import { account, order, org, participant } from '../helpers/org.js';
import { createTestPlan, orderRevenue, type TestPlanOptions } from '../helpers/test-plan.js';

// One component: target incentive x (team revenue / goal "Team revenue").
const revenuePlan = (overrides: Partial<TestPlanOptions> = {}) =>
  createTestPlan({
    name: 'Plan',
    components: [{ name: 'Team revenue', measure: 'revenue', goal: 'goal' }],
    aggregates: [orderRevenue()],
    goals: [{ key: 'goal', name: 'Team revenue', owner: 'team', window: 'period', unit: 'money' }],
    ...overrides,
  });

// Annual target 4,000,000 (USD 40,000.00); a full Q1 2025 (90 days) is a quarter of it: 1,000,000.
// T1 sells 120,000 against a goal of 100,000 (attainment 1.2); T2 sells 25,000 against 50,000 (0.5).
const baseOrg = (overrides: Partial<OrgSnapshot> = {}): OrgSnapshot =>
  org({
    teams: [
      { id: 'T1', name: 'Team 1' },
      { id: 'T2', name: 'Team 2' },
    ],
    accounts: [account('a1', 'T1'), account('a2', 'T2')],
    participants: [participant('p1')],
    memberships: [{ participantId: 'p1', teamId: 'T1', role: 'KAM', from: '2020-01-01' }],
    assignments: [{ participantId: 'p1', plan: 'Plan', from: '2020-01-01' }],
    goals: [
      { name: 'Team revenue', ownerId: 'T1', periodId: '2025-Q1', value: 100_000 },
      { name: 'Team revenue', ownerId: 'T2', periodId: '2025-Q1', value: 50_000 },
    ],
    ...overrides,
  });
const facts: Fact[] = [
  order('o1', '2025-01-10', 'a1', 60_000),
  order('o2', '2025-03-31', 'a1', 60_000),
  order('o3', '2025-04-01', 'a1', 1_000_000),
  order('o4', '2025-02-20', 'a2', 25_000),
];

const joiner = (id: string, hireDate: string) => ({
  participants: [participant('p1'), participant(id, { hireDate })],
  memberships: [
    { participantId: 'p1', teamId: 'T1', role: 'KAM', from: '2020-01-01' },
    { participantId: id, teamId: 'T1', role: 'KAM', from: hireDate },
  ],
  assignments: [
    { participantId: 'p1', plan: 'Plan', from: '2020-01-01' },
    { participantId: id, plan: 'Plan', from: hireDate },
  ],
});

describe('calculateStatements', () => {
  it('pays a full-quarter participant the quarter of the annual target times attainment', () => {
    const run = calculateStatements({ plan: revenuePlan(), period: '2025-Q1', org: baseOrg(), facts });
    // 1,000,000 x 120,000 / 100,000 = 1,200,000 (o3 on 2025-04-01 does not count).
    expect(run.statements.map((s) => [s.participantId, s.totalMinor])).toEqual([['p1', 1_200_000]]);
    expect(run.statements[0]?.targetIncentiveMinor).toBe(1_000_000);
  });

  it('prorates a mid-quarter joiner by actual days', () => {
    const run = calculateStatements({
      plan: revenuePlan(),
      period: '2025-Q1',
      org: baseOrg(joiner('p2', '2025-02-15')),
      facts,
    });
    const p2 = run.statements.find((s) => s.participantId === 'p2')!;
    // 2025-02-15..2025-03-31 = 14 + 31 = 45 of 90 days: 4,000,000 x 45 / 360 = 500,000; x 1.2 = 600,000.
    expect(p2.targetIncentiveMinor).toBe(500_000);
    expect(p2.totalMinor).toBe(600_000);
  });

  it('prorates with 30/360 and actual/365 when the plan says so', () => {
    const run = (dayCount: '30/360' | 'actual/365') =>
      calculateStatements({
        plan: revenuePlan({ dayCount }),
        period: '2025-Q1',
        org: baseOrg(joiner('p2', '2025-02-15')),
        facts,
      }).statements.find((s) => s.participantId === 'p2')!.targetIncentiveMinor;
    // 30/360: 46 days -> 4,000,000 x 46 / 360 = 511,111.11 -> 511,111.
    expect(run('30/360')).toBe(511_111);
    // actual/365: 45 days -> 4,000,000 x 45 / 365 = 493,150.68 -> 493,151.
    expect(run('actual/365')).toBe(493_151);
  });

  it('pays the whole quarter target to a joiner when the plan does not prorate', () => {
    const run = calculateStatements({
      plan: revenuePlan({ prorate: 'none' }),
      period: '2025-Q1',
      org: baseOrg(joiner('p2', '2025-02-15')),
      facts,
    });
    expect(run.statements.find((s) => s.participantId === 'p2')?.targetIncentiveMinor).toBe(1_000_000);
  });

  it('prorates a leaver to the last day employed and rounds the line half-even', () => {
    const leaver = baseOrg({ participants: [participant('p1', { terminationDate: '2025-01-31' })] });
    const [statement] = calculateStatements({
      plan: revenuePlan(),
      period: '2025-Q1',
      org: leaver,
      facts,
    }).statements;
    // 31 days: 4,000,000 x 31 / 360 = 344,444.44 -> 344,444; x 1.2 = 413,332.8 -> 413,333.
    expect(statement?.targetIncentiveMinor).toBe(344_444);
    expect(statement?.totalMinor).toBe(413_333);
  });

  it('pays a participant who changes team mid-quarter one line per team stretch', () => {
    const mover = baseOrg({
      memberships: [
        { participantId: 'p1', teamId: 'T1', role: 'KAM', from: '2020-01-01', to: '2025-02-14' },
        { participantId: 'p1', teamId: 'T2', role: 'KAM', from: '2025-02-15' },
      ],
    });
    const [statement] = calculateStatements({
      plan: revenuePlan(),
      period: '2025-Q1',
      org: mover,
      facts,
    }).statements;
    // 45 days on each team: 500,000 each. T1: 500,000 x 1.2 = 600,000. T2: 500,000 x 25,000 / 50,000 = 250,000.
    expect(statement?.lines.map((l) => [l.teamId, l.from, l.to, l.amountMinor])).toEqual([
      ['T1', '2025-01-01', '2025-02-14', 600_000],
      ['T2', '2025-02-15', '2025-03-31', 250_000],
    ]);
    expect(statement?.totalMinor).toBe(850_000);
  });

  it('applies a new plan version from its effective date', () => {
    const v1 = { plan: revenuePlan(), effectiveTo: '2025-02-14', version: 'v1' };
    const v2 = {
      plan: revenuePlan({
        components: [{ name: 'Team revenue', measure: 'revenue', goal: 'goal', weight: 0.5 }],
      }),
      effectiveFrom: '2025-02-15',
      version: 'v2',
    };
    const [statement] = calculateStatements({
      plans: [v1, v2],
      period: '2025-Q1',
      org: baseOrg(),
      facts,
    }).statements;
    // v1 for 45 days: 500,000 x 1.2 = 600,000. v2 for 45 days at weight 50%: 500,000 x 0.5 x 1.2 = 300,000.
    expect(statement?.segments.map((s) => s.version)).toEqual(['v1', 'v2']);
    expect(statement?.totalMinor).toBe(900_000);
  });

  it('warns about a missing goal and passes null to the plan', () => {
    let seen: PlanInput | undefined;
    const plan = revenuePlan({
      onEvaluate: (input) => {
        seen = input;
      },
    });
    const [statement] = calculateStatements({ plan, period: '2025-Q2', org: baseOrg(), facts }).statements;
    expect(seen?.goals.goal).toBeNull();
    expect(statement?.warnings.map((w) => w.code)).toContain('goal-missing');
    expect(statement?.totalMinor).toBe(0);
  });

  it('warns about a participant with no target incentive and passes null to the plan', () => {
    const noTarget = baseOrg({ participants: [participant('p1', { annualTargetIncentiveMinor: null })] });
    const [statement] = calculateStatements({
      plan: revenuePlan(),
      period: '2025-Q1',
      org: noTarget,
      facts,
    }).statements;
    expect(statement?.targetIncentiveMinor).toBeNull();
    expect(statement?.warnings.map((w) => w.code)).toContain('target-incentive-missing');
  });

  it('uses the target incentive on the assignment over the one on the participant', () => {
    const override = baseOrg({
      assignments: [
        { participantId: 'p1', plan: 'Plan', from: '2020-01-01', annualTargetIncentiveMinor: 8_000_000 },
      ],
    });
    const [statement] = calculateStatements({
      plan: revenuePlan(),
      period: '2025-Q1',
      org: override,
      facts,
    }).statements;
    // 8,000,000 / 4 = 2,000,000.
    expect(statement?.targetIncentiveMinor).toBe(2_000_000);
  });

  it('pays nobody who is not assigned to the plan in the period', () => {
    const later = baseOrg({ assignments: [{ participantId: 'p1', plan: 'Plan', from: '2025-04-01' }] });
    expect(
      calculateStatements({ plan: revenuePlan(), period: '2025-Q1', org: later, facts }).statements,
    ).toEqual([]);
  });

  it('names a fact in a currency without a rate as an error of the run', () => {
    const euro = [...facts, order('e1', '2025-01-05', 'a1', 100, { currency: 'EUR' })];
    const run = calculateStatements({ plan: revenuePlan(), period: '2025-Q1', org: baseOrg(), facts: euro });
    expect(run.errors).toEqual([expect.objectContaining({ code: 'missing-fx-rate', factId: 'e1' })]);
  });

  it('reports an invalid period id instead of throwing', () => {
    const run = calculateStatements({ plan: revenuePlan(), period: '2025-Q9', org: baseOrg(), facts });
    expect(run.errors.map((e) => e.code)).toEqual(['invalid-period']);
  });

  it('reports a plan that throws as an error of the run and carries on', () => {
    const broken = {
      ...revenuePlan(),
      evaluate: () => {
        throw new Error('boom');
      },
    };
    const run = calculateStatements({ plan: broken, period: '2025-Q1', org: baseOrg(), facts });
    expect(run.errors.map((e) => e.code)).toEqual(['evaluation-failed']);
    expect(run.statements[0]?.totalMinor).toBe(0);
  });

  it('pays a monthly plan for each month of a requested quarter', () => {
    const run = calculateStatements({
      plan: revenuePlan({ period: 'month' }),
      period: '2025-Q1',
      org: baseOrg(),
      facts,
    });
    expect(run.statements.map((s) => s.periodId)).toEqual(['2025-01', '2025-02', '2025-03']);
  });
});

describe('determinism', () => {
  const input = () => ({
    plan: revenuePlan(),
    period: '2025-Q1',
    org: baseOrg(joiner('p2', '2025-02-15')),
    facts,
  });

  it('gives byte-identical statements and fingerprint when inputs arrive in another order', () => {
    const a = calculateStatements(input());
    const shuffled = input();
    const b = calculateStatements({
      ...shuffled,
      facts: [...facts].reverse(),
      org: { ...shuffled.org, participants: [...shuffled.org.participants].reverse() },
    });
    expect(JSON.stringify(b.statements)).toBe(JSON.stringify(a.statements));
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(a.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes the fingerprint when a goal changes', () => {
    const a = calculateStatements(input());
    const changed = input();
    const goals = changed.org.goals.map((g) => (g.ownerId === 'T1' ? { ...g, value: 100_001 } : g));
    const b = calculateStatements({ ...changed, org: { ...changed.org, goals } });
    expect(b.fingerprint).not.toBe(a.fingerprint);
  });

  it('changes the fingerprint when the plan text changes but its name and requirements do not', () => {
    // Functions are not fingerprinted; the compiled plan's source text stands in for its rules.
    const a = calculateStatements({ ...input(), plan: { ...revenuePlan(), source: 'pays 100%' } });
    const b = calculateStatements({ ...input(), plan: { ...revenuePlan(), source: 'pays 120%' } });
    expect(b.fingerprint).not.toBe(a.fingerprint);
  });
});

describe('earlier periods', () => {
  const goals = ['2025-Q1', '2025-Q2'].map((periodId) => ({
    name: 'Team revenue',
    ownerId: 'T1',
    periodId,
    value: 100_000,
  }));

  it('passes what was paid earlier in the year, per component, for true-ups', () => {
    const inputs: Record<string, PlanInput> = {};
    let call = 0;
    const plan = revenuePlan({
      trueUp: true,
      onEvaluate: (input) => {
        inputs[call++ === 0 ? 'Q1' : 'Q2'] = input;
      },
    });
    calculateStatements({ plan, period: '2025-Q2', org: baseOrg({ goals }), facts });
    // Only Q2 was asked for; the engine computed Q1 itself: 1,000,000 x 1.2 = 1,200,000 paid.
    expect(inputs.Q1?.earlier?.paidMinor).toEqual({});
    expect(inputs.Q2?.earlier?.paidMinor).toEqual({ 'Team revenue': 1_200_000 });
  });

  it('takes paid-to-date from the history when one is given', () => {
    let last: PlanInput | undefined;
    const plan = revenuePlan({
      trueUp: true,
      onEvaluate: (input) => {
        last = input;
      },
    });
    const first = calculateStatements({
      plan,
      period: '2025-Q1',
      org: baseOrg({ goals }),
      facts,
      history: [],
    });
    const paidQ1 = first.statements.map((s) => ({
      ...s,
      lines: s.lines.map((l) => ({ ...l, amountMinor: 777 })),
      totalMinor: 777,
    }));
    const run = calculateStatements({
      plan,
      period: '2025-Q2',
      org: baseOrg({ goals }),
      facts,
      history: [{ runId: 'run-q1', planName: 'Plan', periodId: '2025-Q1', statements: paidQ1 }],
    });
    expect(last?.earlier?.paidMinor).toEqual({ 'Team revenue': 777 });
    // The statement names the stored run it subtracted, and computed nothing itself.
    expect(run.statements[0]?.paidEarlier).toEqual([
      { periodId: '2025-Q1', runId: 'run-q1', amountMinor: 777 },
    ]);
    expect(run.statements[0]?.warnings.map((w) => w.code)).not.toContain('paid-earlier-computed');
  });

  it('computes an earlier period with no stored run, and the statement says so', () => {
    const plan = revenuePlan({ trueUp: true });
    const run = calculateStatements({ plan, period: '2025-Q2', org: baseOrg({ goals }), facts, history: [] });
    // Q1 was never stored: the engine computed it (1,000,000 x 1.2 = 1,200,000) and says so.
    expect(run.statements[0]?.paidEarlier).toEqual([
      { periodId: '2025-Q1', runId: null, amountMinor: 1_200_000 },
    ]);
    const warning = run.statements[0]?.warnings.find((w) => w.code === 'paid-earlier-computed');
    expect(warning?.message).toContain('No payout run is stored for 2025-Q1');
    expect(warning?.message).toContain('12,000.00 USD');
  });

  it('passes the target incentive to date to a true-up plan', () => {
    const inputs: PlanInput[] = [];
    const plan = revenuePlan({ trueUp: true, onEvaluate: (input) => inputs.push(input) });
    const run = calculateStatements({ plan, period: '2025-Q2', org: baseOrg({ goals }), facts });
    // Two quarters of a 4,000,000 annual target: 1,000,000 in Q1, 2,000,000 to date in Q2.
    expect(inputs.map((i) => i.targetIncentiveToDateMinor)).toEqual([1_000_000, 2_000_000]);
    expect(run.statements[0]?.targetIncentiveToDateMinor).toBe(2_000_000);
  });

  it('counts an earlier stretch of the same period as paid to date', () => {
    const inputs: PlanInput[] = [];
    const plan = revenuePlan({ trueUp: true, onEvaluate: (input) => inputs.push(input) });
    const mover = baseOrg({
      memberships: [
        { participantId: 'p1', teamId: 'T1', role: 'KAM', from: '2020-01-01', to: '2025-02-14' },
        { participantId: 'p1', teamId: 'T2', role: 'KAM', from: '2025-02-15' },
      ],
    });
    calculateStatements({ plan, period: '2025-Q1', org: mover, facts, history: [] });
    // The T1 stretch paid 600,000 (500,000 x 1.2); the T2 stretch is told so.
    expect(inputs.map((i) => i.earlier?.paidMinor)).toEqual([{}, { 'Team revenue': 600_000 }]);
  });
});
