import { describe, expect, it } from 'vitest';
import { formatPlan } from '../../src/index.js';
import { compile, header, input } from '../helpers.js';

const text = `${header}measure revenue = sum of order.amount

component "Region" for managed teams
  pays curve on revenue / goal "Region quota":
    below 100%: 0
    from 100%: 5,000

when average of survey.score is below 4.0: team components pay 50%
`;

describe('components for managed teams', () => {
  it("asks for the aggregate over the managed teams and the manager's own goal", () => {
    const plan = compile(text);
    // A money band on attainment is paid once a period: shared between stretches by days.
    expect(plan.components).toEqual([
      { name: 'Region', code: 'Region', scope: 'managed teams', weight: null, sharedByDays: true },
    ]);
    expect(plan.requirements.aggregates.map((a) => [a.key, a.scope])).toEqual([
      ['sum of order.amount for managed teams in period', 'managed teams'],
      ['average of survey.score for team in period', 'team'],
    ]);
    // No single team owns a goal over several teams: it is the participant's.
    expect(plan.requirements.goals.map((g) => [g.key, g.owner])).toEqual([
      ['goal "Region quota" of participant', 'participant'],
    ]);
  });

  it('pays on the managed teams together and counts among the team components of gates', () => {
    const plan = compile(text);
    const paid = plan.evaluate(
      input({
        aggregates: {
          'sum of order.amount for managed teams in period': 120_000_000,
          'average of survey.score for team in period': 3.5,
        },
        goals: { 'goal "Region quota" of participant': 100_000_000 },
      }),
    );
    // 1,200,000 / 1,000,000 = 120%: the 5,000.00 band; survey 3.5 < 4.0 halves it: 2,500.00.
    expect(paid.totalMinor).toBe(250_000);
  });

  it('formats the scope as written', () => {
    expect(formatPlan(text).text).toContain('component "Region" for managed teams');
  });
});
