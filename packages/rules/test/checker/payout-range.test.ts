import { describe, expect, it } from 'vitest';
import { checkPlan } from '../../src/index.js';
import { header } from '../helpers.js';

describe('payout range', () => {
  it('reports each component and the plan as shares of target incentive, capped by the plan cap', () => {
    const text = `${header}component "Team" weight 60% for team pays curve on 1%:
  below 80%: 0%
  from 80% up to 100%: 50% to 100%
  from 100%: 200%
component "Mine" weight 40% for individual pays curve on 1%:
  below 100%: 25%
  from 100%: 150%
cap total at 150% of target incentive
`;
    const result = checkPlan(text);
    // Team: 0% to 200% of its 60% = 0%..120%; Mine: 25%..150% of 40% = 10%..60%;
    // plan: 10%..180%, capped at 150%.
    expect(result.payoutRange).toEqual({
      components: [
        { name: 'Team', min: 0, max: 1.2 },
        { name: 'Mine', min: 0.1, max: 0.6 },
      ],
      plan: { min: 0.1, max: 1.5 },
    });
    const infos = result.diagnostics.filter((d) => d.code === 'PAYOUT_RANGE').map((d) => d.message);
    expect(infos).toContain('"Team" pays from 0% to 120% of target incentive.');
    expect(infos).toContain('The plan pays from 10% to 150% of target incentive.');
  });

  it('has no fixed maximum for a commission and widens for a gate that halves', () => {
    const text = `${header}component "Team" weight 100% for team pays curve on 1%:
  below 100%: 40%
  from 100%: 100%
component "C" for individual pays 5% of sum of order.amount
when average of survey.score is below 4: team components pay 50%
`;
    const result = checkPlan(text);
    // The gate may halve Team: 20%..100%.
    expect(result.payoutRange!.components[0]).toEqual({ name: 'Team', min: 0.2, max: 1 });
    expect(result.payoutRange!.components[1]).toEqual({ name: 'C', min: 0, max: null });
    expect(result.payoutRange!.plan).toEqual({ min: 0.2, max: null });
  });

  it('gives a fixed percentage paid as is its own range, not "no fixed maximum"', () => {
    const result = checkPlan(
      `${header}component "Flat" weight 40% pays 100%\ncomponent "Half" weight 60% pays 50%`,
    );
    // Flat: 100% of 40% = 40%; Half: 50% of 60% = 30%; the plan 70%
    expect(result.payoutRange).toEqual({
      components: [
        { name: 'Flat', min: 0.4, max: 0.4 },
        { name: 'Half', min: 0.3, max: 0.3 },
      ],
      plan: { min: 0.7, max: 0.7 },
    });
  });

  it('bounds an average objective score by its 0-to-1 scale, through a measure and a statistic over teams', () => {
    const text = `${header}measure objectives = average of objective.score
measure team_objectives = mean of objectives over teams on this plan
component "Mine" weight 50% for individual pays objectives
component "Teams" weight 50% pays 80% of team_objectives`;
    const result = checkPlan(text);
    // Mine: 0..1 x 50% = 0%..50%; Teams: 80% x (0..1) x 50% = 0%..40%; the plan 0%..90%
    expect(result.payoutRange!.components).toEqual([
      { name: 'Mine', min: 0, max: 0.5 },
      { name: 'Teams', min: 0, max: 0.4 },
    ]);
    expect(result.diagnostics.map((d) => d.message)).toContain(
      '"Mine" pays from 0% to 50% of target incentive.',
    );
  });

  it('gives no range, and no range infos, for text with syntax errors', () => {
    const result = checkPlan(
      `${header}component "A" weight 100% pays curve on 1%:\n  below 80% 0%\n  from 80%: 100%`,
    );
    expect(result.diagnostics.some((d) => d.code === 'SYNTAX_ERROR')).toBe(true);
    expect(result.diagnostics.filter((d) => d.code === 'PAYOUT_RANGE')).toEqual([]);
    expect(result.payoutRange).toBeNull();
  });
});
