/**
 * Proration of the target incentive through the API, period by period as an admin runs it:
 * a whole period earns exactly its cut, partial periods follow the plan's day count, and each
 * statement shows its proration as data and in the explanation a participant reads.
 */
import { Long } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { importRecords } from '../support/org-fixtures.js';
import { usdParticipant } from '../support/simple-plan.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

// Every line pays 100% of its stretch's target incentive, so a line is its target.
const QUARTERLY = `plan "Prorated quarterly"
  period quarter
  currency USD
  target incentive: annual, prorated by days employed (actual/365)

component "Base" weight 100% for individual
  pays 100%
`;

const YEARLY = `plan "Prorated yearly"
  period year
  currency USD
  target incentive: annual, prorated by days employed (actual/365)

component "Base" weight 100% for individual
  pays 100%
`;

const member = (participantId: string, from: string, to?: string) => ({
  participantId,
  role: 'member',
  from,
  ...(to ? { to } : {}),
});

const DATA = {
  Participants: [
    // Annual target 60,000.00 USD each; Mo's is 10,000.04 so that the cents of two stretches show.
    usdParticipant('p-full', 'Full', 6_000_000),
    { ...usdParticipant('p-hire', 'Hire', 6_000_000), hireDate: '2025-02-15' },
    { ...usdParticipant('p-leave', 'Leave', 6_000_000), terminationDate: '2025-05-20' },
    usdParticipant('p-mo', 'Mo', 1_000_004),
  ],
  Teams: [
    {
      id: 't-one',
      name: 'Team one',
      members: [
        member('p-full', '2020-01-01'),
        member('p-hire', '2025-02-15'),
        member('p-leave', '2020-01-01'),
        member('p-mo', '2020-01-01', '2025-02-14'),
      ],
    },
    { id: 't-two', name: 'Team two', members: [member('p-mo', '2025-02-15')] },
  ],
  Assignments: [
    ...['p-full', 'p-hire', 'p-leave', 'p-mo'].map((p) => ({
      id: `q-${p}`,
      participantId: p,
      planId: 'quarterly',
      from: '2020-01-01',
    })),
    { id: 'y-full', participantId: 'p-full', planId: 'yearly', from: '2020-01-01' },
  ],
} as const;

const CALCULATE = `mutation ($planId: String!, $period: String!) {
  calculatePayouts(planId: $planId, period: $period) {
    __typename ... on PayoutRun { status errors { code message } } ... on Error { code message }
  }
}`;

const STATEMENTS = `query ($participantId: String!, $period: String!) {
  statements(participantId: $participantId, period: $period) {
    plan { externalId }
    targetIncentive { minorUnits formatted }
    total { minorUnits }
    segments {
      from to team { externalId }
      targetIncentive { minorUnits formatted }
      proration {
        annualTargetIncentive { minorUnits formatted } periodsPerYear dayCount
        daysEmployed daysInPeriod wholePeriod fraction
      }
      targetIncentiveExplanationText
    }
    lines { amount { minorUnits } explanationText }
  }
}`;

interface Segment {
  from: string;
  to: string;
  team: { externalId: string } | null;
  targetIncentive: { minorUnits: number; formatted: string } | null;
  proration: {
    annualTargetIncentive: { minorUnits: number; formatted: string };
    periodsPerYear: number;
    dayCount: string | null;
    daysEmployed: number;
    daysInPeriod: number;
    wholePeriod: boolean;
    fraction: number;
  } | null;
  targetIncentiveExplanationText: string | null;
}

interface Statement {
  plan: { externalId: string };
  targetIncentive: { minorUnits: number; formatted: string } | null;
  total: { minorUnits: number };
  segments: Segment[];
  lines: { amount: { minorUnits: number }; explanationText: string }[];
}

describe('proration of the target incentive over GraphQL', () => {
  const store = useTestDatabase();
  let api: TestApp;

  const calculate = async (planId: string, period: string) => {
    const result = await api.graphql<{ calculatePayouts: { __typename: string; status: string } }>(
      CALCULATE,
      { planId, period },
      api.keys.admin,
    );
    expect(result.data?.calculatePayouts, JSON.stringify(result)).toMatchObject({ status: 'complete' });
  };

  const statement = async (participantId: string, period: string, planId = 'quarterly') => {
    const result = await api.graphql<{ statements: Statement[] }>(
      STATEMENTS,
      { participantId, period },
      api.keys.analyst,
    );
    expect(result.errors).toBeUndefined();
    return result.data?.statements.find((s) => s.plan.externalId === planId) as Statement;
  };

  beforeAll(async () => {
    api = await createTestApp(store.db);
    for (const [id, name, text, from] of [
      ['quarterly', 'Prorated quarterly', QUARTERLY, '2025-01-01'],
      ['yearly', 'Prorated yearly', YEARLY, '2024-01-01'],
    ] as const) {
      await api.graphql(
        `mutation { createPlan(id: "${id}", name: "${name}") { __typename } }`,
        {},
        api.keys.admin,
      );
      const published = await api.graphql<{ publishPlanVersion: { __typename: string } }>(
        `mutation ($text: String!) { publishPlanVersion(planId: "${id}", effectiveFrom: "${from}", text: $text) { __typename } }`,
        { text },
        api.keys.admin,
      );
      expect(published.data?.publishPlanVersion.__typename, JSON.stringify(published)).toBe('PlanVersion');
    }
    await importRecords(api, DATA);
  });

  describe('2025-Q1 (90 days)', () => {
    beforeAll(() => calculate('quarterly', '2025-Q1'));

    it('pays someone employed the whole quarter exactly a quarter of the annual target', async () => {
      // 60,000.00 / 4 = 15,000.00, not 60,000.00 x 90/365 = 14,794.52 (issue 10).
      const s = await statement('p-full', '2025-Q1');
      expect(s.targetIncentive).toEqual({ minorUnits: 1_500_000, formatted: '15,000.00 USD' });
      expect(s.total.minorUnits).toBe(1_500_000);
      expect(s.segments).toEqual([
        expect.objectContaining({
          from: '2025-01-01',
          to: '2025-03-31',
          proration: {
            annualTargetIncentive: { minorUnits: 6_000_000, formatted: '60,000.00 USD' },
            periodsPerYear: 4,
            dayCount: 'actual/365',
            daysEmployed: 90,
            daysInPeriod: 90,
            wholePeriod: true,
            fraction: 1,
          },
        }),
      ]);
    });

    it('prorates a mid-quarter hire by actual/365 and shows the days, the day count and the money', async () => {
      // Hired 15 February: 14 + 31 = 45 days of a 365/4 = 91.25-day quarter.
      // 6,000,000 x 1/4 x 45/91.25 = 6,000,000 x 45/365 = 739,726.03 -> 739,726 (7,397.26 USD).
      const s = await statement('p-hire', '2025-Q1');
      expect(s.targetIncentive).toEqual({ minorUnits: 739_726, formatted: '7,397.26 USD' });
      const [segment] = s.segments;
      expect(segment).toMatchObject({
        from: '2025-02-15',
        to: '2025-03-31',
        team: { externalId: 't-one' },
        proration: { dayCount: 'actual/365', daysEmployed: 45, daysInPeriod: 91.25, wholePeriod: false },
      });
      expect(segment?.proration?.fraction).toBeCloseTo(45 / 91.25, 12);
      expect(segment?.targetIncentiveExplanationText).toBe(
        [
          'target incentive = 7,397.26 USD (60,000.00 USD a year x 1/4 for the quarter x 45 / 91.25 days employed (actual/365))',
          "  annual target incentive = 60,000.00 USD (from the participant's record)",
          '  share of the year = 25% (a quarter is 1/4 of the year)',
          '  days employed = 45 (2025-02-15 to 2025-03-31, actual days)',
          '  days in the period = 91.25 (365 / 4: each day employed earns 1/365 of the annual target)',
          '  fraction of the period employed = 49.3151% (45 / 91.25)',
        ].join('\n'),
      );
      // The line a participant reads explains its target the same way, in money, never minor units.
      const text = s.lines[0]?.explanationText ?? '';
      const target = text.slice(text.indexOf('  component target'));
      expect(target).toContain(
        'component target = 7,397.26 USD\n    target incentive = 7,397.26 USD (60,000.00 USD',
      );
      expect(target).toContain('      days employed = 45 (2025-02-15 to 2025-03-31, actual days)');
      expect(target).not.toMatch(/739726|6000000/);
    });

    it('pays a team mover employed the whole quarter exactly the quarter cut over the two stretches', async () => {
      // 1,000,004 / 4 = 250,001 (2,500.01). Stretches 1 Jan-14 Feb and 15 Feb-31 Mar, 45 days each:
      // 125,000.5 each; rounded together the cent left goes to the earlier: 125,001 + 125,000.
      const s = await statement('p-mo', '2025-Q1');
      expect(
        s.segments.map((g) => [g.team?.externalId, g.from, g.to, g.targetIncentive?.minorUnits]),
      ).toEqual([
        ['t-one', '2025-01-01', '2025-02-14', 125_001],
        ['t-two', '2025-02-15', '2025-03-31', 125_000],
      ]);
      expect(s.segments.map((g) => g.proration?.wholePeriod)).toEqual([true, true]);
      expect(s.targetIncentive?.minorUnits).toBe(250_001);
      expect(s.lines.map((l) => l.amount.minorUnits)).toEqual([125_001, 125_000]);
      expect(s.total.minorUnits).toBe(250_001);
    });
  });

  describe('2025-Q2 (91 days), calculated after Q1', () => {
    beforeAll(() => calculate('quarterly', '2025-Q2'));

    it('pays the Q1 hire a whole quarter now', async () => {
      // Employed all of Q2: 6,000,000 / 4 = 1,500,000, not 91/365 of it (1,495,890).
      const s = await statement('p-hire', '2025-Q2');
      expect(s.targetIncentive?.minorUnits).toBe(1_500_000);
      expect(s.segments[0]?.proration).toMatchObject({
        daysEmployed: 91,
        daysInPeriod: 91,
        wholePeriod: true,
      });
    });

    it('prorates a leaver to the last day employed', async () => {
      // Last day 20 May: 30 (April) + 20 = 50 days; 6,000,000 x 50/365 = 821,917.81 -> 821,918.
      const s = await statement('p-leave', '2025-Q2');
      expect(s.targetIncentive).toEqual({ minorUnits: 821_918, formatted: '8,219.18 USD' });
      expect(s.segments[0]).toMatchObject({
        from: '2025-04-01',
        to: '2025-05-20',
        proration: { daysEmployed: 50, daysInPeriod: 91.25, wholePeriod: false },
      });
    });
  });

  it('stores each stretch with its money as 64-bit minor units', async () => {
    const stored = await store.db
      .collection('payout_statements')
      .findOne({ participantId: 'p-hire', periodId: '2025-Q1' }, { promoteLongs: false });
    const [segment] = stored?.segments ?? [];
    expect(segment.targetIncentiveMinor).toBeInstanceOf(Long);
    expect(segment.targetIncentiveMinor.toNumber()).toBe(739_726);
    expect(segment.proration.annualTargetIncentiveMinor).toBeInstanceOf(Long);
  });

  it('reads a statement stored before stretches were kept with no segments', async () => {
    const statements = store.db.collection('payout_statements');
    await statements.updateOne(
      { participantId: 'p-leave', periodId: '2025-Q1' },
      { $unset: { segments: '' } },
    );
    const s = await statement('p-leave', '2025-Q1');
    expect(s.segments).toEqual([]);
    expect(s.targetIncentive?.minorUnits).toBe(1_500_000);
  });

  it('pays someone employed all of 2024 the whole annual target on a yearly plan', async () => {
    // 2024 has 366 days; the whole year is 6,000,000 x 1, not 366/365 of it (6,016,438).
    await calculate('yearly', '2024');
    const s = await statement('p-full', '2024', 'yearly');
    expect(s.targetIncentive).toEqual({ minorUnits: 6_000_000, formatted: '60,000.00 USD' });
    expect(s.segments[0]?.proration).toMatchObject({
      periodsPerYear: 1,
      daysEmployed: 366,
      daysInPeriod: 366,
      wholePeriod: true,
      fraction: 1,
    });
  });
});
