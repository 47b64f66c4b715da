import { describe, expect, it } from 'vitest';
import { checkPlan, formatPlan } from '../../src/index.js';
import { codes, compile, header } from '../helpers.js';

const plan = (rule: string, period = 'quarter') =>
  `${header.replace('period quarter', `period ${period}`)}  goal "Quota": ${rule}
measure sales = sum of order.amount for individual
component "Sales" for individual pays curve on sales / goal "Quota":
  below 0%: 0%
  from 0%: 100%
`;

describe('quota rules', () => {
  it('hands the engine the quota rule on the goal it reads', () => {
    const compiled = compile(
      plan(
        'annual, seasonal weights 20% / 20% / 20% / 40%, prorated by days employed (actual/365), ramp by month of tenure 25% / 50% / 75%',
      ),
    );
    expect(compiled.requirements.goals).toEqual([
      {
        key: 'goal "Quota" of participant',
        name: 'Quota',
        owner: 'participant',
        window: 'period',
        unit: 'money',
        quota: {
          annual: true,
          seasonality: [0.2, 0.2, 0.2, 0.4],
          prorate: 'actual/365',
          ramp: [0.25, 0.5, 0.75],
        },
      },
    ]);
  });

  it('prorates by actual/actual when the rule names no day count', () => {
    const goal = compile(plan('annual, prorated by days employed')).requirements.goals[0]!;
    expect(goal.quota).toEqual({ annual: true, prorate: 'actual/actual' });
  });

  it('formats the rule on one header line, with its day count', () => {
    expect(formatPlan(plan('annual ,  prorated by days employed')).text).toContain(
      '  goal "Quota": annual, prorated by days employed (actual/actual)\n',
    );
  });

  it('wants one seasonal weight per period of the year', () => {
    const d = checkPlan(plan('annual, seasonal weights 50% / 50%')).diagnostics.find(
      (x) => x.severity === 'error',
    )!;
    expect(d.code).toBe('SEASONALITY_SHAPE');
    expect(d.message).toContain("one share for each of the year's 4 quarters, not 2");
  });

  it('wants the seasonal weights to add up to exactly 100%', () => {
    const d = checkPlan(plan('annual, seasonal weights 20% / 20% / 20% / 30%')).diagnostics.find(
      (x) => x.severity === 'error',
    )!;
    // 20 + 20 + 20 + 30 = 90%
    expect([d.code, d.message.slice(0, 38)]).toEqual([
      'SEASONALITY_NOT_100',
      'The seasonal weights add up to 90%, no',
    ]);
  });

  it('refuses seasonal weights of a goal not stored for the year', () => {
    expect(codes(plan('seasonal weights 25% / 25% / 25% / 25%'), 'error')).toEqual(['SEASONALITY_SHAPE']);
  });

  it('refuses a ramp without proration, saying to state the day count', () => {
    const d = checkPlan(plan('annual, ramp by month of tenure 50%')).diagnostics.find(
      (x) => x.severity === 'error',
    )!;
    expect(d.code).toBe('RAMP_NEEDS_PRORATION');
    expect(d.message).toContain("add 'prorated by days employed (actual/actual)'");
  });

  it('refuses a quota rule on a goal used as a percentage', () => {
    const text = `${header}  goal "Margin": annual\ncomponent "A" pays curve on 1% - goal "Margin":\n  below 0%: 0%\n  from 0%: 100%`;
    expect(codes(text, 'error')).toEqual(['QUOTA_NOT_ADDITIVE']);
  });

  it('refuses two rules for one goal, pointing at the first', () => {
    const text = plan('annual').replace(
      '\nmeasure',
      '\n  goal "Quota": annual, prorated by days employed\nmeasure',
    );
    const d = checkPlan(text).diagnostics.find((x) => x.code === 'DUPLICATE_HEADER')!;
    expect(d.related?.[0]?.range.start.line).toBe(5);
  });

  it('keeps ramp and seasonal as measure names', () => {
    expect(
      codes(`${header}measure ramp = 1\nmeasure seasonal = 2\ncomponent "A" pays ramp + seasonal`, 'error'),
    ).toEqual([]);
  });
});

describe('quota rules on team goals', () => {
  it('warns that a team goal is only cut, not prorated or ramped', () => {
    const text = `${header}  goal "Quota": annual, prorated by days employed
measure revenue = sum of order.amount
component "Team" pays curve on revenue / goal "Quota":
  below 0%: 0%
  from 0%: 100%
`;
    const d = checkPlan(text).diagnostics.find((x) => x.code === 'QUOTA_RULE_ON_TEAM_GOAL')!;
    expect([d.severity, d.range.start.line]).toEqual(['warning', 7]);
    expect(d.message).toContain("Read it 'for individual'");
  });

  it('does not warn about a rule that only cuts the year', () => {
    const text = `${header}  goal "Quota": annual\nmeasure revenue = sum of order.amount\ncomponent "Team" pays curve on revenue / goal "Quota":\n  below 0%: 0%\n  from 0%: 100%\n`;
    expect(codes(text)).toEqual([]);
  });
});
