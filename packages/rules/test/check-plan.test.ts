import { describe, expect, it } from 'vitest';
import { checkPlan } from '../src/index.js';
import { header, input } from './helpers.js';

// 5% of 1,000.00 is 50.00, so this example, which expects 60.00, fails when it is run.
const failingExample = `${header}measure orders = sum of order.amount
component "A" weight 100% pays 5% of orders
example "small":
  given orders = 1,000
  expect "A" pays 60.00`;

describe('checkPlan options', () => {
  it('runs the examples by default, so a failing example blocks the plan', () => {
    const result = checkPlan(failingExample);
    expect(result.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.code)).toEqual([
      'EXAMPLE_FAILED',
    ]);
    expect(result.plan).toBeNull();
  });

  it('skips the examples when asked, and compiles the same cents', () => {
    const result = checkPlan(failingExample, { examples: false });
    expect(result.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    // 5% of 1,000.00 = 50.00 = 5,000 cents.
    const lines = result.plan?.evaluate(input({ aggregates: { [aggregateKey(result)]: 100_000 } })).lines;
    expect(lines?.map((l) => l.amountMinor)).toEqual([5_000]);
  });

  it('still reports the errors of the text itself without the examples', () => {
    const result = checkPlan(`${failingExample}\ncomponent "B" pays 5% of ordrs`, { examples: false });
    expect(result.diagnostics.map((d) => d.code)).toContain('UNKNOWN_MEASURE');
    expect(result.plan).toBeNull();
  });
});

function aggregateKey(result: ReturnType<typeof checkPlan>): string {
  const key = result.plan?.requirements.aggregates[0]?.key;
  if (!key) throw new Error('the plan reads no aggregate');
  return key;
}
