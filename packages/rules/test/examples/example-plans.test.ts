import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkPlan } from '../../src/index.js';
import { compile, input } from '../helpers.js';

/** The example plans live in docs/examples; the engine and the API load the same files. */
function examplePlan(name: string): string {
  return readFileSync(
    fileURLToPath(new URL(`../../../../docs/examples/${name}.plan`, import.meta.url)),
    'utf8',
  );
}

function amounts(result: {
  lines: readonly { component: string; amountMinor: number }[];
}): Record<string, number> {
  return Object.fromEntries(result.lines.map((l) => [l.component, l.amountMinor]));
}

describe('example plans', () => {
  for (const name of [
    'team-performance',
    'portfolio',
    'renewal',
    'mixed',
    'monthly-true-up',
    'quota-and-deals',
    'account-leads',
  ]) {
    it(`${name}.plan compiles without errors and its checked examples pass`, () => {
      const result = checkPlan(examplePlan(name));
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(result.plan).not.toBeNull();
    });
  }

  it('team performance pays the hand-computed amounts from engine aggregates', () => {
    const plan = compile(examplePlan('team-performance'));
    const result = plan.evaluate(
      input({
        targetIncentiveMinor: 1_000_000,
        aggregates: {
          'sum of order.amount for team in period': 110_000_000,
          'sum of order.cost for team in period': 77_000_000,
          'sum of order.amount for team in same period last year': 100_000_000,
          'average of survey.score for team in period': 4.2,
          'count of opportunity where won is true and strategic is true for individual in period': 2,
          'average of objective.score for individual in period': 0.8,
          'sum of order.amount for individual plus geography in period': 20_000_000,
          'sum of wallet.amount for individual plus geography in period': 100_000_000,
        },
        goals: { 'goal "Team revenue" of team': 100_000_000, 'goal "Share of wallet" of participant': 0.25 },
      }),
    );
    expect(amounts(result)).toEqual({
      // 110% of goal: 100% + 10/50 * 100% = 120% of 30% of 10,000.00.
      'Team revenue': 360_000,
      // Margin (1,100,000 - 770,000) / 1,100,000 = 30%, start of 'from 30%': 100% of 1,000.00.
      'Gross margin': 100_000,
      // Growth 10%: start of 'from 10%': 100% of 1,000.00.
      Growth: 100_000,
      // CSAT 4.2: 50% + 0.2/0.5 * 50% = 70% of 1,000.00.
      'Customer satisfaction': 70_000,
      // 2 strategic wins: 100% of 1,500.00.
      'Strategic wins': 150_000,
      // Objectives 0.8 of 1,500.00.
      'Key objectives': 120_000,
      // Wallet share 200,000 / 1,000,000 = 20% against 25%: 80% attainment, 50% + 30/50 * 50% = 80% of 1,000.00.
      'Share of wallet': 80_000,
    });
    expect(result.totalMinor).toBe(980_000);
  });

  it('portfolio pays the hand-computed amounts per vertical', () => {
    const plan = compile(examplePlan('portfolio'));
    const v = 'for individual plus vertical';
    const result = plan.evaluate(
      input({
        targetIncentiveMinor: 2_000_000,
        aggregates: {
          [`sum of order.amount ${v} in period`]: 56_000_000,
          [`sum of order.amount ${v} in same period last year`]: 50_000_000,
          [`sum of order.cost ${v} in period`]: 35_000_000,
          [`sum of order.cost ${v} in same period last year`]: 30_000_000,
          [`sum of wallet.amount ${v} in period`]: 200_000_000,
          [`sum of wallet.amount ${v} in same period last year`]: 200_000_000,
          [`sum of order.amount where productLine in "Analytics", "Services" ${v} in period`]: 15_000_000,
          [`sum of churn.amount ${v} in period`]: 1_200_000,
          [`sum of order.amount ${v} in prior period`]: 40_000_000,
        },
      }),
    );
    expect(amounts(result)).toEqual({
      // Revenue growth 560/500 - 1 = 12% (row 'from 10%'), profit growth 210/200 - 1 = 5%
      // (column 'from 0% up to 10%'): 125% of 50% of 20,000.00.
      Growth: 1_250_000,
      // Wallet share 28% against 25% last year: +3 points, 50% + 3/5 * 100% = 110% of 5,000.00.
      'Share of wallet': 550_000,
      // Retention 100% - 12,000 / 400,000 = 97%: 50% + 2/3 * 50% = 83.333% of 5,000.00 = 4,166.666.. -> 4,166.67.
      Retention: 416_667,
      // Cross-sell 150,000: 100,000 at 2% + 50,000 at 4% = 4,000.00.
      'Cross-sell': 400_000,
    });
  });

  it('renewal pays the hand-computed amounts and halves the team components on low satisfaction', () => {
    const plan = compile(examplePlan('renewal'));
    const aggregates = {
      'sum of renewal.valueAfter for team in period': 105_000_000,
      'sum of renewal.valueBefore for team in period': 103_000_000,
      'sum of churn.amount for team in period': 3_000_000,
      'sum of order.amount for team in period': 100_000_000,
      'count of order where repeat is true for team in period': 12,
      'average of survey.score for team in period': 4.5,
      'sum of renewal.valueAfter for individual in period': 30_000_000,
      'sum of renewal.valueAfter for individual in year to date': 70_000_000,
    };
    const goals = { 'goal "Renewals" of team': 100_000_000 };
    // Teams on this plan churn 2%, 4% and 6% of 1,000,000.00 of orders; T4 has no facts.
    const team = (teamId: string, churn: number, orders: number) => ({
      teamId,
      aggregates: {
        'sum of churn.amount for team in period': churn,
        'sum of order.amount for team in period': orders,
      },
      factCounts: {
        'sum of churn.amount for team in period': churn > 0 ? 1 : 0,
        'sum of order.amount for team in period': orders > 0 ? 1 : 0,
      },
    });
    const populations = {
      'teams on this plan': {
        teams: [
          team('T1', 2_000_000, 100_000_000),
          team('T2', 4_000_000, 100_000_000),
          team('T3', 6_000_000, 100_000_000),
          team('T4', 0, 0),
        ],
        unknownTeamIds: [],
      },
    };
    const good = plan.evaluate(input({ targetIncentiveMinor: 1_200_000, aggregates, goals, populations }));
    expect(amounts(good)).toEqual({
      // 105%: 100% + 5/20 * 40% = 110% of 40% of 12,000.00.
      Renewals: 528_000,
      // Churn 3% against the mean of 2%, 4% and 6% = 4% (T4 left out: no data): 1 point
      // better, 50% + 1/2 * 50% = 75% of 3,600.00.
      'Churn better than average': 270_000,
      // Price change 1,050/1,030 - 1 = 1.94%: 100% of 2,400.00.
      'Price holds': 240_000,
      // 12 repeat orders: 100% of 1,200.00.
      'Repeat orders': 120_000,
      // 100,000 at 3% + 200,000 at 5% from 400,000 to 700,000 to date.
      'Renewal commission': 1_300_000,
    });
    expect(good.totalMinor).toBe(2_458_000);
    const unhappy = plan.evaluate(
      input({
        targetIncentiveMinor: 1_200_000,
        aggregates: { ...aggregates, 'average of survey.score for team in period': 3.5 },
        goals,
        populations,
      }),
    );
    // Team components halved: 2,640 + 1,350 + 1,200 + 600; the individual commission stays 13,000.
    expect(unhappy.totalMinor).toBe(1_879_000);
    expect(plan.clawbacks).toEqual([
      {
        component: 'Renewal commission',
        share: 1,
        withinDays: 180,
        churnKind: 'churn',
        factList: 'each renewal.valueAfter for individual in period',
      },
    ]);
  });

  it('mixed caps the team components together, then the whole plan, to the cent', () => {
    const plan = compile(examplePlan('mixed'));
    const result = plan.evaluate(
      input({
        targetIncentiveMinor: 1_000_000,
        aggregates: {
          'sum of order.amount for team in period': 95_000_000,
          'sum of order.cost for team in period': 57_000_000,
          'sum of order.amount for team in prior period': 80_000_000,
          'average of objective.score for individual in period': 1,
        },
        transactions: { 'each opportunity.amount where won is true for individual in period': [50_000_000] },
        goals: { 'goal "Team revenue" of team': 100_000_000, 'goal "Company factor" of team': 1 },
      }),
    );
    // Before caps: table row 95%, margin 40% column -> 100% of 5,000.00 = 5,000.00; growth
    // 95/80 - 1 = 18.75%: 100% + 8.75/10 * 50% = 143.75% of 2,000.00 = 2,875.00; objectives
    // 3,000.00; one 500,000 deal at 3% = 15,000.00.
    // Team cap (attainment 95% < 100%): 7,875.00 -> 7,000.00 split 5,000 : 2,875 =
    // 4,444.444.. and 2,555.555..: floors 4,444.44 + 2,555.55, the cent left to the larger
    // remainder -> 4,444.44 and 2,555.56.
    // Plan cap 150% of 10,000.00: 25,000.00 -> 15,000.00, 60% of each: 2,666.664, 1,533.336,
    // 1,800, 9,000: floors leave one cent, to 1,533.33 -> 1,533.34.
    expect(amounts(result)).toEqual({
      'Revenue and margin': 266_666,
      'Growth bonus': 153_334,
      Objectives: 180_000,
      'New business': 900_000,
    });
    expect(result.totalMinor).toBe(1_500_000);
  });
});
