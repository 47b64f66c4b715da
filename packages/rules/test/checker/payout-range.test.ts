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
});
