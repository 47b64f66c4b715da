import { describe, expect, it } from 'vitest';
import { renderExplanation } from '../../src/index.js';
import { compile, header, input } from '../helpers.js';

describe('renderExplanation', () => {
  it('prints why a line pays what it pays, from the inputs to the gate that halved it', () => {
    const plan = compile(`${header}measure revenue = sum of order.amount
component "Team revenue" weight 100% for team
  pays curve on revenue / goal "Team revenue":
    below 100%: 50%
    from 100%: 100%
when average of survey.score is below 4: team components pay 50%`);
    const result = plan.evaluate(
      input({
        aggregates: {
          'sum of order.amount for team in period': 90_000,
          'average of survey.score for team in period': 3.5,
        },
        goals: { 'goal "Team revenue" of team': 100_000 },
        targetIncentiveMinor: 100_000,
      }),
    );
    // 90% is below 100%: 50% of 1,000.00 = 500.00, halved by the gate to 250.00.
    expect(renderExplanation(result.lines[0]!.explanation, 'USD')).toBe(
      [
        'Team revenue = 250.00 USD (weight 100%, exact 250.00 USD rounded half-even (USD, 2 digits))',
        '  revenue / goal "Team revenue" = 90%',
        '    revenue = 900.00 USD',
        '      sum of order.amount = 900.00 USD (sum of order.amount for team in period)',
        '    goal "Team revenue" = 1,000.00 USD (team goal)',
        '  tier = 50% (tier 1: below 100%: 50%)',
        '  component target = 1,000.00 USD',
        '  when average of survey.score is below 4: team components pay 50% = 50% (applied)',
      ].join('\n'),
    );
    expect(result.adjustments[0]).toMatchObject({ detail: 'applied to Team revenue' });
  });
});

describe('goals in explanations', () => {
  it('writes a goal read through a measure as money when it is compared with money', () => {
    const plan = compile(`${header}measure revenue = sum of order.amount
measure quota = goal "Annual quota"
component "Revenue" weight 100% for team
  pays curve on revenue / quota:
    below 100%: 50%
    from 100%: 100%`);
    const result = plan.evaluate(
      input({
        aggregates: { 'sum of order.amount for team in period': 90_000 },
        goals: { 'goal "Annual quota" of team': 100_000 },
        targetIncentiveMinor: 100_000,
      }),
    );
    // The goal is 100,000 cents: 1,000.00 USD, not "100000".
    expect(renderExplanation(result.lines[0]!.explanation, 'USD')).toContain(
      'goal "Annual quota" = 1,000.00 USD (team goal)',
    );
  });
});
