import { describe, expect, it } from 'vitest';
import { compile, header, input } from '../helpers.js';

const csat = 'average of survey.score for team in period';
const plan = `${header}component "Team" weight 60% for team pays 100%
component "Mine" weight 40% for individual pays 100%
when average of survey.score is below 4.0: team components pay 50%
`;

describe('gates and modifiers', () => {
  it('halves the team components when satisfaction is below 4.0', () => {
    const result = compile(plan).evaluate(
      input({ aggregates: { [csat]: 3.9 }, targetIncentiveMinor: 1_000_000 }),
    );
    // Team: 60% of 10,000.00 = 6,000.00, halved to 3,000.00; Mine unchanged at 4,000.00.
    expect(result.lines.map((l) => l.amountMinor)).toEqual([300_000, 400_000]);
    expect(result.adjustments).toHaveLength(1);
  });

  it('leaves them alone at exactly 4.0', () => {
    const result = compile(plan).evaluate(
      input({ aggregates: { [csat]: 4 }, targetIncentiveMinor: 1_000_000 }),
    );
    expect(result.lines.map((l) => l.amountMinor)).toEqual([600_000, 400_000]);
    expect(result.adjustments).toEqual([]);
  });

  it('multiplies a scorecard by a company factor', () => {
    const text = `${header}component "A" weight 100% pays 80%\nmultiply all components by goal "Company factor"`;
    const result = compile(text).evaluate(
      input({ goals: { 'goal "Company factor" of team': 1.1 }, targetIncentiveMinor: 1_000_000 }),
    );
    // 80% of 10,000.00 = 8,000.00, times 110% = 8,800.00.
    expect(result.totalMinor).toBe(880_000);
  });

  it('caps components across each other unless revenue attainment reaches 100%', () => {
    const text = `${header}measure attainment = sum of order.amount / goal "Revenue"
component "A" weight 50% pays 150%
component "B" weight 50% pays 90%
cap "A", "B" at 100% unless attainment reaches 100%
`;
    const compiled = compile(text);
    const at = (revenue: number) =>
      compiled.evaluate(
        input({
          aggregates: { 'sum of order.amount for team in period': revenue },
          goals: { 'goal "Revenue" of team': 1_000 },
          targetIncentiveMinor: 1_000_000,
        }),
      );
    // Uncapped: 7,500.00 + 4,500.00 = 12,000.00 > 100% of 10,000.00, so 10,000.00 is split
    // 7,500 : 4,500 by largest remainder: 6,250.00 and 3,750.00.
    expect(at(999).lines.map((l) => l.amountMinor)).toEqual([625_000, 375_000]);
    // At 100% attainment the cap does not apply.
    expect(at(1_000).lines.map((l) => l.amountMinor)).toEqual([750_000, 450_000]);
  });

  it('explains a cap across components in money: each line from what, the total from what to what', () => {
    const text = `${header}component "A" weight 50% pays 150%
component "B" weight 50% pays 90%
cap "A", "B" at 100%
`;
    const result = compile(text).evaluate(input({ targetIncentiveMinor: 1_000_000 }));
    // 7,500.00 + 4,500.00 = 12,000.00 lowered to 10,000.00: A 6,250.00, B 3,750.00.
    const capOf = (i: number) => result.lines[i]!.explanation.children.find((c) => c.label.startsWith('cap'));
    expect(capOf(0)).toMatchObject({ value: 625_000, detail: 'capped from 7,500.00 USD' });
    expect(capOf(1)).toMatchObject({ value: 375_000, detail: 'capped from 4,500.00 USD' });
    expect(result.adjustments[0]).toMatchObject({
      value: 1_000_000,
      unit: 'money',
      detail: 'lowered 12,000.00 USD to 10,000.00 USD',
    });
  });

  it('caps the whole plan and keeps the total equal to the sum of the lines to the cent', () => {
    const text = `${header}component "A" weight 34% pays 300%
component "B" weight 33% pays 300%
component "C" weight 33% pays 300%
cap total at 200% of target incentive
`;
    const result = compile(text).evaluate(input({ targetIncentiveMinor: 100 }));
    // Uncapped 102 + 99 + 99 = 300 cents; capped at 200 cents split 102:99:99 ->
    // exact 68, 66, 66 (no remainder).
    expect(result.lines.map((l) => l.amountMinor)).toEqual([68, 66, 66]);
    expect(result.totalMinor).toBe(200);
  });

  it('gives leftover cents of a cap to the largest remainders', () => {
    const text = `${header}component "A" weight 50% pays 100%
component "B" weight 50% pays 100%
cap total at 1.01
`;
    // 101 cents split 50:50 -> 50.5 each; floors 50 + 50, one cent left goes to the first (tie).
    const result = compile(text).evaluate(input({ targetIncentiveMinor: 1_000 }));
    expect(result.lines.map((l) => l.amountMinor)).toEqual([51, 50]);
  });
});
