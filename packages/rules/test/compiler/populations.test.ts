import { describe, expect, it } from 'vitest';
import type { PopulationTeam } from '../../src/index.js';
import { renderExplanation } from '../../src/index.js';
import { compile, header, input, line } from '../helpers.js';

const ARR = 'sum of renewal.valueBefore for team in period';
const CHURNED = 'sum of churn.amount for team in period';

const measures = `${header}measure renewal_arr = sum of renewal.valueBefore
measure churned = sum of churn.amount
measure churn_rate = churned / renewal_arr
`;

/** A curve paying the whole target when the team churns no more than the statistic. */
const plan = (statistic: string) =>
  compile(`${measures}component "Churn better than average" weight 100% for team
  pays curve on ${statistic} - churn_rate:
    below 0%: 0%
    from 0%: 100%`);

/** A team with its renewal ARR and churn in minor units; no facts at all when both are 0. */
function team(teamId: string, arr: number, churned: number): PopulationTeam {
  return {
    teamId,
    aggregates: { [ARR]: arr, [CHURNED]: churned },
    factCounts: { [ARR]: arr > 0 ? 2 : 0, [CHURNED]: churned > 0 ? 1 : 0 },
  };
}

/** The plan's input for a participant of the team churning `churned` of `arr`. */
function inputFor(teams: PopulationTeam[], arr: number, churned: number, key = 'teams on this plan') {
  return input({
    targetIncentiveMinor: 100_000,
    aggregates: { [ARR]: arr, [CHURNED]: churned },
    populations: { [key]: { teams, unknownTeamIds: [] } },
  });
}

// The three teams: equal renewal ARR of 1,000,000.00, churning 4%, 12% and 26%.
const three = [
  team('T1', 100_000_000, 4_000_000),
  team('T2', 100_000_000, 12_000_000),
  team('T3', 100_000_000, 26_000_000),
];

describe('statistics over teams', () => {
  it("pays the 12% team for churn better than the mean of each team's rate, 14%", () => {
    // (4% + 12% + 26%) / 3 = 14%; 14% - 12% = 2% is in 'from 0%': 100% of 1,000.00.
    const amount = line(
      plan('mean of churn_rate over teams on this plan'),
      inputFor(three, 100_000_000, 12_000_000),
      'Churn better than average',
    );
    expect(amount).toBe(100_000);
  });

  it('leaves a team without facts out of the mean and counts it in the explanation', () => {
    const result = plan('mean of churn_rate over teams on this plan').evaluate(
      inputFor([...three, team('T4', 0, 0)], 100_000_000, 12_000_000),
    );
    // T4 has no renewals and no churn: still (4% + 12% + 26%) / 3 = 14%, not 42% / 4 = 10.5%.
    expect(result.lines[0]!.amountMinor).toBe(100_000);
    expect(renderExplanation(result.lines[0]!.explanation, 'USD')).toBe(
      [
        'Churn better than average = 1,000.00 USD (weight 100%, exact 1,000.00 USD rounded half-even (USD, 2 digits))',
        '  mean of churn_rate over teams on this plan - churn_rate = 2%',
        '    mean of churn_rate over teams on this plan = 14% (mean of the values of 3 teams; teams on this plan: 4 teams, 1 left out for lack of data)',
        '      team T1 = 4%',
        '      team T2 = 12%',
        '      team T3 = 26%',
        '      team T4 = no value (left out: no data)',
        '    churn_rate = 12%',
        '      churned / renewal_arr = 12%',
        '        churned = 120,000.00 USD',
        '          sum of churn.amount = 120,000.00 USD (sum of churn.amount for team in period)',
        '        renewal_arr = 1,000,000.00 USD',
        '          sum of renewal.valueBefore = 1,000,000.00 USD (sum of renewal.valueBefore for team in period)',
        '  tier = 100% (tier 2: from 0%: 100%)',
        '  component target = 1,000.00 USD',
      ].join('\n'),
    );
  });

  it('pools the teams by adding their facts, which differs from the mean when sizes differ', () => {
    // T1 churns 100,000.00 of 1,000,000.00 (10%), T2 60,000.00 of 3,000,000.00 (2%).
    const teams = [team('T1', 100_000_000, 10_000_000), team('T2', 300_000_000, 6_000_000)];
    // A 5% team: the mean (10% + 2%) / 2 = 6% is above it and pays; pooled 160,000 / 4,000,000
    // = 4% is below it and pays 0.
    const at5 = inputFor(teams, 100_000_000, 5_000_000);
    expect(line(plan('mean of churn_rate over teams on this plan'), at5, 'Churn better than average')).toBe(
      100_000,
    );
    expect(line(plan('pooled churn_rate over teams on this plan'), at5, 'Churn better than average')).toBe(0);
  });

  it('takes the median, the mean of the middle two when the count is even', () => {
    const median = compile(`${measures}measure m = median of churn_rate over teams on this plan
component "C" weight 100% pays m`);
    // Median of 4%, 12%, 26% is 12%: 12% of 1,000.00 = 120.00.
    expect(line(median, inputFor(three, 1, 0), 'C')).toBe(12_000);
    // With 2% added: (4% + 12%) / 2 = 8% of 1,000.00 = 80.00.
    expect(line(median, inputFor([...three, team('T0', 100_000_000, 2_000_000)], 1, 0), 'C')).toBe(8_000);
  });

  it('reads the population the plan names, and says which named teams do not exist', () => {
    const named = compile(`${measures}measure m = mean of churn_rate over teams "T1", "T3", "T9"
component "C" weight 100% pays m`);
    expect(named.requirements.populations?.[0]?.population).toEqual({
      kind: 'named',
      teamIds: ['T1', 'T3', 'T9'],
    });
    const result = named.evaluate(
      input({
        targetIncentiveMinor: 100_000,
        populations: {
          'teams "T1", "T3", "T9"': { teams: [three[0]!, three[2]!], unknownTeamIds: ['T9'] },
        },
      }),
    );
    // (4% + 26%) / 2 = 15% of 1,000.00 = 150.00.
    expect(result.lines[0]!.amountMinor).toBe(15_000);
    expect(result.warnings.map((w) => w.code)).toEqual(['UNKNOWN_TEAM']);
    expect(renderExplanation(result.lines[0]!.explanation, 'USD')).toContain(
      '(mean of the values of 2 teams; teams "T1", "T3", "T9": 2 teams, 0 left out for lack of data, 1 named but not found)',
    );
  });

  it('pays 0 with a warning when no team of the population has data', () => {
    const result = plan('mean of churn_rate over teams in vertical "Retail"').evaluate(
      inputFor([team('T4', 0, 0)], 100_000_000, 1_000_000, 'teams in vertical "Retail"'),
    );
    expect(result.totalMinor).toBe(0);
    expect(result.warnings.map((w) => w.code)).toContain('POPULATION_NO_DATA');
  });

  it('gives the same cents in the bulk evaluator as in the explaining one', () => {
    const compiled = plan('mean of churn_rate over teams on this plan');
    for (const [arr, churned] of [
      [100_000_000, 12_000_000],
      [100_000_000, 15_000_000],
    ] as const) {
      const planInput = inputFor(three, arr, churned);
      expect(compiled.evaluateAmounts!(planInput).totalMinor).toBe(compiled.evaluate(planInput).totalMinor);
    }
  });
});
