import { checkPlan } from '@attain/rules';
import { describe, expect, it } from 'vitest';
import { examplesOf } from '../../src/editor/examples';

/** 5% of revenue; the first example is right (5% of 10,000 = 500), the second is not (5% of 2,000 = 100). */
const PLAN = `plan "Examples"
  period quarter
  currency USD
  target incentive: annual, not prorated

measure revenue = sum of order.amount

component "Revenue" weight 100% for team
  pays 5% of revenue

example "Ten thousand":
  given revenue = 10,000
  expect "Revenue" pays 500

example "Two thousand":
  given revenue = 2,000
  expect "Revenue" pays 150
`;

describe("the plan's checked examples in the editor", () => {
  it('marks each example passed or failed, with the line of the expectation that failed', () => {
    const outcomes = examplesOf(PLAN, checkPlan(PLAN).diagnostics);
    expect(outcomes.map(({ name, line, status }) => [name, line, status])).toEqual([
      ['Ten thousand', 11, 'passed'],
      ['Two thousand', 15, 'failed'],
    ]);
    expect(outcomes[1]?.failures.map((f) => f.line)).toEqual([17]);
  });

  it('says the examples were not run while the plan has another error', () => {
    const broken = PLAN.replace('sum of order.amount', 'sum of order.amonut');
    expect(examplesOf(broken, checkPlan(broken).diagnostics).map((e) => e.status)).toEqual([
      'not-run',
      'not-run',
    ]);
  });
});
