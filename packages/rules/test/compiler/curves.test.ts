import { describe, expect, it } from 'vitest';
import { compile, header, input, line } from '../helpers.js';

// Revenue against a team goal; the team's quarterly target incentive is 10,000.00 USD = 1,000,000 cents.
const revenue = 'sum of order.amount for team in period';
const goal = 'goal "Revenue" of team';
const teamCurve = `${header}component "Revenue" weight 100% for team
  pays curve on sum of order.amount / goal "Revenue":
    below 80%: 0%
    from 80% up to 100%: 50% to 100%
    from 100% up to and including 150%: 100% to 200%
    above 150%: 200%
`;

function at(revenueMinor: number, text = teamCurve): number {
  const plan = compile(text);
  return line(
    plan,
    input({
      aggregates: { [revenue]: revenueMinor },
      goals: { [goal]: 100_000_000 },
      targetIncentiveMinor: 1_000_000,
    }),
    'Revenue',
  );
}

describe('payout curves', () => {
  it('pays nothing below the threshold', () => {
    // 79% of goal is in 'below 80%': 0% of 10,000.00.
    expect(at(79_000_000)).toBe(0);
  });

  it('interpolates linearly between the points of a segment', () => {
    // 90%: 50% + (90 - 80) / (100 - 80) * (100% - 50%) = 75% of 10,000.00 = 7,500.00.
    expect(at(90_000_000)).toBe(750_000);
  });

  it('accelerates above target', () => {
    // 110%: 100% + (110 - 100) / 50 * 100% = 120% of 10,000.00 = 12,000.00.
    expect(at(110_000_000)).toBe(1_200_000);
  });

  it('puts exactly 100% in the band that starts "from 100%"', () => {
    // 'from 80% up to 100%' excludes 100%; 'from 100% ...' pays 100% at its start: 10,000.00.
    expect(at(100_000_000)).toBe(1_000_000);
  });

  it('puts exactly 150% in the band that ends "up to and including 150%"', () => {
    const stepped = teamCurve.replace('100% to 200%', '175%');
    // 150% falls in 'from 100% up to and including 150%', a step paying 175%: 17,500.00.
    expect(at(150_000_000, stepped)).toBe(1_750_000);
  });

  it('pays a flat step for the whole band', () => {
    const stepped = teamCurve.replace('50% to 100%', '60%');
    // 99.99% is in 'from 80% up to 100%' which now pays 60% flat: 6,000.00.
    expect(at(99_990_000, stepped)).toBe(600_000);
  });

  it('caps the top band', () => {
    // 400% is 'above 150%': 200% of 10,000.00 = 20,000.00.
    expect(at(400_000_000)).toBe(2_000_000);
  });

  it('applies a component floor and cap as shares of the component target', () => {
    const text = `${teamCurve}  at least 25%\n  capped at 150%\n`;
    // 50% attainment pays 0% but the floor lifts it to 25% of 10,000.00 = 2,500.00.
    expect(at(50_000_000, text)).toBe(250_000);
    // 120% pays 140%, under the cap: 14,000.00; 140% pays 180%, capped at 150%: 15,000.00.
    expect(at(120_000_000, text)).toBe(1_400_000);
    expect(at(140_000_000, text)).toBe(1_500_000);
  });

  it('weights the component target', () => {
    const text = `${header}component "Revenue" weight 30% for team
  pays curve on sum of order.amount / goal "Revenue":
    below 100%: 0%
    from 100%: 100%
component "Other" weight 70% pays 0%
`;
    // 30% of 10,000.00 = 3,000.00 at 100%.
    expect(at(100_000_000, text)).toBe(300_000);
  });

  it('pays 0 with a warning when the goal is missing, never NaN', () => {
    const plan = compile(teamCurve);
    const result = plan.evaluate(input({ aggregates: { [revenue]: 5 }, targetIncentiveMinor: 1_000_000 }));
    expect(result.lines[0]!.amountMinor).toBe(0);
    expect(result.lines[0]!.warnings.map((w) => w.code)).toEqual(['MISSING_GOAL', 'MISSING_VALUE']);
  });

  it('pays 0 with a warning when a ratio divides by zero at run time', () => {
    const text = `${header}component "Margin" weight 100% pays curve on (sum of order.amount - sum of order.cost) / sum of order.amount:
    below 30%: 0%
    from 30%: 100%
`;
    const result = compile(text).evaluate(input({ targetIncentiveMinor: 1_000_000 }));
    expect(result.lines[0]!.amountMinor).toBe(0);
    expect(result.lines[0]!.warnings.map((w) => w.code)).toContain('DIVISION_BY_ZERO');
  });

  it('explains a line with its inputs, the tier applied and the target', () => {
    const plan = compile(teamCurve);
    const result = plan.evaluate(
      input({
        aggregates: { [revenue]: 110_000_000 },
        goals: { [goal]: 100_000_000 },
        targetIncentiveMinor: 1_000_000,
      }),
    );
    const explanation = result.lines[0]!.explanation;
    expect(explanation.value).toBe(1_200_000);
    const [attainment, tier, target] = explanation.children;
    expect(attainment).toMatchObject({
      label: 'sum of order.amount / goal "Revenue"',
      value: 1.1,
      unit: 'percent',
    });
    expect(attainment!.children.map((c) => c.value)).toEqual([110_000_000, 100_000_000]);
    expect(tier).toMatchObject({
      detail: 'tier 3: from 100% up to and including 150%: 100% to 200%, linear',
    });
    expect(target).toMatchObject({ label: 'component target', value: 1_000_000 });
  });
});

describe('explanations of floors and caps', () => {
  const text = `${teamCurve}  at least 25%\n  capped at 150%\n`;
  const explain = (revenueMinor: number) =>
    compile(text).evaluate(
      input({
        aggregates: { [revenue]: revenueMinor },
        goals: { [goal]: 100_000_000 },
        targetIncentiveMinor: 1_000_000,
      }),
    ).lines[0]!.explanation;

  it('says in money what a floor raised the amount from', () => {
    // 50% pays 0% = 0.00; the floor is 25% of 10,000.00 = 2,500.00.
    const floor = explain(50_000_000).children.find((c) => c.label === 'floor');
    expect(floor).toMatchObject({ value: 250_000, unit: 'money', detail: 'raised from 0.00 USD' });
  });

  it('says in money what a cap lowered the amount from', () => {
    // 140% pays 180% of 10,000.00 = 18,000.00; the cap is 150% = 15,000.00.
    const cap = explain(140_000_000).children.find((c) => c.label === 'cap');
    expect(cap).toMatchObject({ value: 1_500_000, unit: 'money', detail: 'lowered from 18,000.00 USD' });
  });

  it("shows the line's exact amount as money before it is rounded", () => {
    // 123.4567% pays 100% + 23.4567/50 of 100% = 146.9134% of 10,000.00 = 14,691.34 exactly.
    expect(explain(123_456_700).detail).toBe(
      'weight 100%, exact 14,691.34 USD rounded half-even (USD, 2 digits)',
    );
    // 123.456789%: 146.913578% of 10,000.00 = 1,469,135.78 cents, a fraction of a cent kept.
    expect(explain(123_456_789).detail).toBe(
      'weight 100%, exact 14,691.3578 USD rounded half-even (USD, 2 digits)',
    );
  });

  it('writes the value no band covers in its unit', () => {
    const gap = compile(`${header}component "Revenue" weight 100% for team
  pays curve on sum of order.amount:
    from 1,000: 100%
`).evaluate(input({ aggregates: { [revenue]: 50_000 }, targetIncentiveMinor: 1_000_000 }));
    // 50,000 cents is 500.00 USD, below the only band.
    expect(gap.lines[0]!.warnings).toContainEqual({
      code: 'NOT_COVERED',
      message: '"Revenue": no band of the curve covers 500.00 USD; it pays 0.',
    });
  });
});

describe('two-dimensional tables', () => {
  const table = `${header}component "RM" weight 100% pays table of sum of order.amount / goal "Revenue" by (sum of order.amount - sum of order.cost) / sum of order.amount:
    columns: below 25% | from 25% up to 35% | from 35%
    below 80%: 0% | 0% | 25%
    from 80% up to 100%: 50% | 75% | 100%
    from 100%: 100% | 125% | 150%
`;
  it('pays the cell at the row of revenue attainment and the column of margin', () => {
    const plan = compile(table);
    const cost = 'sum of order.cost for team in period';
    // Revenue 95% of goal (row 2), margin (950,000 - 665,000) / 950,000 = 30% (column 2): 75% of 10,000.00.
    const paid = line(
      plan,
      input({
        aggregates: { [revenue]: 95_000_000, [cost]: 66_500_000 },
        goals: { [goal]: 100_000_000 },
        targetIncentiveMinor: 1_000_000,
      }),
      'RM',
    );
    expect(paid).toBe(750_000);
  });
});
