/**
 * Quota rules end to end: a quarterly plan reading an annual goal with seasonal weights, a
 * mid-quarter hire's quota prorated by days employed and ramped by month of tenure. Every
 * amount is worked out by hand in the comments.
 */
import { checkPlan, type Explanation, renderExplanation } from '@attain/rules';
import { describe, expect, it } from 'vitest';
import { calculateStatements } from '../../src/statements/calculate-statements.js';
import { account, order, org, participant } from '../helpers/org.js';

const text = (rule: string) => `plan "Quotas"
  period quarter
  currency USD
  target incentive: annual, not prorated
  goal "Quota": ${rule}

measure sales = sum of order.amount for individual

component "Sales" for individual
  pays curve on sales / goal "Quota":
    below 0%: 0%
    from 0% up to 200%: 0% to 200%
    from 200%: 200%

component "To date" for individual
  pays curve on sales in year to date / goal "Quota" in year to date:
    below 0%: 0%
    from 0%: 0%
`;

const snapshot = org({
  teams: [{ id: 'T1', name: 'Team 1' }],
  accounts: [account('a1', 'T1')],
  participants: [participant('veteran'), participant('newcomer', { hireDate: '2025-02-15' })],
  memberships: [
    { participantId: 'veteran', teamId: 'T1', role: 'KAM', from: '2020-01-01' },
    { participantId: 'newcomer', teamId: 'T1', role: 'AE', from: '2025-02-15' },
  ],
  assignments: [
    { participantId: 'veteran', plan: 'Quotas', from: '2020-01-01' },
    { participantId: 'newcomer', plan: 'Quotas', from: '2025-02-15' },
  ],
  // Stored once for the year: 1,000,000.00 and 1,200,000.00.
  goals: [
    { name: 'Quota', ownerId: 'veteran', periodId: '2025', value: 100_000_000 },
    { name: 'Quota', ownerId: 'newcomer', periodId: '2025', value: 120_000_000 },
  ],
});
const facts = [
  order('o1', '2025-02-01', 'a1', 10_000_000, { credits: [{ participantId: 'veteran', share: 1 }] }),
  order('o2', '2025-11-01', 'a1', 30_000_000, { credits: [{ participantId: 'veteran', share: 1 }] }),
];

/** The value of the first explanation node whose label starts with `label`, depth first. */
function nodeValue(e: Explanation, label: string): number | null | undefined {
  if (e.label.startsWith(label)) return e.value;
  for (const child of e.children) {
    const found = nodeValue(child, label);
    if (found !== undefined) return found;
  }
  return undefined;
}

function quotas(rule: string, participantId: string, periods: string[]) {
  const { plan, diagnostics } = checkPlan(text(rule));
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const run = calculateStatements({ plan: plan!, periods, org: snapshot, facts });
  expect(run.errors).toEqual([]);
  return run.statements
    .filter((s) => s.participantId === participantId)
    .map((s) => ({
      period: s.periodId,
      quota: nodeValue(s.lines[0]!.explanation, 'goal "Quota"'),
      toDate: nodeValue(s.lines[1]!.explanation, 'goal "Quota"'),
      attainment: s.lines[0]!.attainment,
    }));
}

const seasonal = 'annual, seasonal weights 20% / 20% / 20% / 40%';

describe('quota rules', () => {
  it('cuts an annual goal into quarters by seasonal weights', () => {
    const rows = quotas(seasonal, 'veteran', ['2025-Q1', '2025-Q2', '2025-Q4']);
    // Q1: 20% of 1,000,000.00 = 200,000.00; sales 100,000.00 -> 50%.
    // Q2: 200,000.00 again; to date Q1 + Q2 = 400,000.00. Q4: 40% = 400,000.00; sales 300,000.00 -> 75%.
    expect(rows).toEqual([
      { period: '2025-Q1', quota: 20_000_000, toDate: 20_000_000, attainment: 0.5 },
      { period: '2025-Q2', quota: 20_000_000, toDate: 40_000_000, attainment: 0 },
      { period: '2025-Q4', quota: 40_000_000, toDate: 100_000_000, attainment: 0.75 },
    ]);
  });

  it('cuts an annual goal evenly without seasonal weights', () => {
    // a quarter of 1,000,000.00 = 250,000.00; sales 100,000.00 -> 40%
    expect(quotas('annual', 'veteran', ['2025-Q1'])[0]).toMatchObject({ quota: 25_000_000, attainment: 0.4 });
  });

  it("prorates a mid-quarter hire's quota by the days employed, with the stated day count", () => {
    const [q1] = quotas(`${seasonal}, prorated by days employed (actual/actual)`, 'newcomer', ['2025-Q1']);
    // Q1 2025 has 90 days; employed 15 Feb to 31 Mar = 14 + 31 = 45 days:
    // 1,200,000.00 x 20% x 45 / 90 = 120,000.00
    expect(q1!.quota).toBeCloseTo(12_000_000, 6);
  });

  it('counts a partial quarter as 365/4 days under actual/365', () => {
    const [q1] = quotas(`${seasonal}, prorated by days employed (actual/365)`, 'newcomer', ['2025-Q1']);
    // 45 of 91.25 days: 240,000.00 x 45 / 91.25 = 118,356.16438...
    expect(q1!.quota).toBeCloseTo((24_000_000 * 45) / 91.25, 6);
  });

  it('ramps a new hire by month of tenure, day by day', () => {
    const rows = quotas(
      `${seasonal}, prorated by days employed (actual/actual), ramp by month of tenure 50% / 75%`,
      'newcomer',
      ['2025-Q1', '2025-Q2'],
    );
    // Q1 (90 days): month 1 of tenure 15 Feb - 14 Mar = 28 days at 50%, month 2 from 15 Mar = 17 days
    // at 75%: 14 + 12.75 = 26.75 days; 240,000.00 x 26.75 / 90 = 71,333.333...
    // Q2 (91 days): month 2 until 14 Apr = 14 days at 75%, then whole: 77 days; 10.5 + 77 = 87.5;
    // 240,000.00 x 87.5 / 91 = 230,769.2307...
    expect(rows[0]!.quota).toBeCloseTo((24_000_000 * 26.75) / 90, 6);
    expect(rows[1]!.quota).toBeCloseTo((24_000_000 * 87.5) / 91, 6);
    // to date: the two quarters' quotas added up
    expect(rows[1]!.toDate).toBeCloseTo((24_000_000 * 26.75) / 90 + (24_000_000 * 87.5) / 91, 6);
  });

  it('explains a ramp month by month, in words a person reads', () => {
    const { plan } = checkPlan(
      text(`${seasonal}, prorated by days employed (actual/actual), ramp by month of tenure 50% / 75%`),
    );
    const run = calculateStatements({ plan: plan!, periods: ['2025-Q1'], org: snapshot, facts });
    const newcomer = run.statements.find((s) => s.participantId === 'newcomer')!;
    // 28 days of the 1st month at 50%, 17 of the 2nd at 75%
    expect(renderExplanation(newcomer.lines[0]!.explanation, 'USD')).toContain(
      'ramped: 28 days at 50% (1st month of tenure), 17 days at 75% (2nd month of tenure) of 90 days in 2025-Q1 (actual/actual)',
    );
  });

  it('names the year of the period when the annual goal is missing', () => {
    const { plan } = checkPlan(text(seasonal));
    const noGoals = { ...snapshot, goals: [] };
    const run = calculateStatements({ plan: plan!, periods: ['2025-Q2'], org: noGoals, facts });
    const warnings = run.statements
      .find((s) => s.participantId === 'veteran')!
      .warnings.map((w) => w.message);
    // Q2 reads the year's goal for the period and (to date) for Q1 and Q2: one year named, once
    expect(warnings).toContain(
      "No goal 'Quota' for participant veteran in the year of 2025-Q2; the plan receives no goal and says what that pays.",
    );
  });

  it('explains how the quota was derived from the stored goal', () => {
    const { plan } = checkPlan(text(`${seasonal}, prorated by days employed (actual/actual)`));
    const run = calculateStatements({ plan: plan!, periods: ['2025-Q1'], org: snapshot, facts });
    const newcomer = run.statements.find((s) => s.participantId === 'newcomer')!;
    expect(renderExplanation(newcomer.lines[0]!.explanation, 'USD')).toContain(
      'goal "Quota" = 120,000.00 USD (participant goal: 1,200,000.00 USD x 20% of the annual goal for 2025-Q1 (seasonal weight) x 45 days employed of 90 days in 2025-Q1 (actual/actual, 2025-02-15 to 2025-03-31))',
    );
  });
});
