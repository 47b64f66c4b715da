import { describe, expect, it } from 'vitest';
import { checkPlan } from '../../src/index.js';
import { codes, compile, header } from '../helpers.js';

function first(text: string, code: string) {
  const found = checkPlan(text).diagnostics.find((d) => d.code === code);
  if (!found)
    throw new Error(`no ${code} in ${JSON.stringify(checkPlan(text).diagnostics.map((d) => d.code))}`);
  return found;
}

describe('checker: names', () => {
  it('suggests the closest measure name for a misspelt one, pointing at the name', () => {
    const text = `${header}measure revenue = sum of order.amount\ncomponent "A" pays 5% of revnue`;
    const d = first(text, 'UNKNOWN_MEASURE');
    expect(d.message).toContain("Did you mean 'revenue'?");
    expect(text.slice(d.range.start.offset, d.range.end.offset)).toBe('revnue');
  });

  it('suggests a fact kind and a field when they are misspelt', () => {
    expect(first(`${header}measure r = sum of ordr.amount`, 'UNKNOWN_FACT_KIND').message).toContain(
      "Did you mean 'order'?",
    );
    expect(first(`${header}measure r = sum of order.amuont`, 'UNKNOWN_FIELD').message).toContain(
      "Did you mean 'amount'?",
    );
    expect(
      first(`${header}measure r = count of order where productLin is "A"`, 'UNKNOWN_ATTRIBUTE').message,
    ).toContain("Did you mean 'productLine'?");
  });

  it('reports a component named twice and a measure named twice', () => {
    const text = `${header}measure r = 1\nmeasure r = 2\ncomponent "A" pays 1\ncomponent "A" pays 2`;
    expect(codes(text)).toEqual(['DUPLICATE_NAME', 'DUPLICATE_NAME']);
  });

  it('points a duplicate name at the first declaration too', () => {
    const text = `${header}measure r = 1\nmeasure r = 2`;
    const d = first(text, 'DUPLICATE_NAME');
    expect(d.range.start.line).toBe(6);
    expect(d.related?.map((r) => [r.range.start.line, r.range.start.column])).toEqual([[5, 9]]);
  });

  it('gives a did-you-mean as an edit that replaces the misspelt name', () => {
    const text = `${header}measure revenue = sum of order.amount\ncomponent "A" pays 5% of revnue`;
    const d = first(text, 'UNKNOWN_MEASURE');
    expect(d.suggestions).toEqual([
      { message: "Replace with 'revenue'", range: d.range, replacement: 'revenue' },
    ]);
  });

  it('quotes the replacement of a misspelt component name, as components are written', () => {
    const text = `${header}component "Team revenue" pays 1\nwhen 1 < 2: "Team revenu" pay 50%`;
    const d = first(text, 'UNKNOWN_COMPONENT');
    expect(text.slice(d.range.start.offset, d.range.end.offset)).toBe('"Team revenu"');
    expect(d.suggestions?.map((s) => s.replacement)).toEqual(['"Team revenue"']);
  });

  it('gives no edit when no known name is close', () => {
    const d = first(`${header}measure revenue = 1\ncomponent "A" pays 5% of xyz`, 'UNKNOWN_MEASURE');
    expect(d.suggestions).toBeUndefined();
  });

  it('reports an unknown component in a gate with a suggestion', () => {
    const text = `${header}component "Team revenue" pays 1\nwhen 1 < 2: "Team revenu" pay 50%`;
    expect(first(text, 'UNKNOWN_COMPONENT').message).toContain("Did you mean 'Team revenue'?");
  });

  it('reports a measure defined in terms of itself', () => {
    expect(codes(`${header}measure a = b + 1\nmeasure b = a * 2\ncomponent "A" pays a`)).toContain(
      'MEASURE_CYCLE',
    );
  });

  it('reports all the errors it finds, not only the first', () => {
    const text = `${header}measure a = sum of ordr.amount\nmeasure b = sum of order.cots\ncomponent "A" pays 5% of c`;
    expect(codes(text, 'error')).toEqual(['UNKNOWN_FACT_KIND', 'UNKNOWN_FIELD', 'UNKNOWN_MEASURE']);
  });
});

describe('checker: units of goals and plain numbers', () => {
  const slice = (text: string, d: { range: { start: { offset: number }; end: { offset: number } } }) =>
    text.slice(d.range.start.offset, d.range.end.offset);

  it('refuses an untyped goal multiplied by money, at the product, with how to write it', () => {
    const text = `${header}measure ramp = target incentive / 1,000
component "A" pays curve on sum of order.amount / (goal "Quota" * ramp):
  from 0%: 100%`;
    const d = first(text, 'UNIT_UNCLEAR');
    expect(d.severity).toBe('error');
    expect(slice(text, d)).toBe('(goal "Quota" * ramp)');
    expect(d.message).toContain('The unit of goal "Quota" is unclear here');
    expect(d.message).toContain("multiplied by money ('ramp')");
    expect(d.message).toContain('goal "Quota" * 80%');
  });

  it('refuses money times a goal that the plan uses as money elsewhere, as money times money', () => {
    const text = `${header}measure revenue = sum of order.amount
component "A" pays curve on revenue / goal "Quota":
  from 0%: 100%
component "B" pays 1% of (goal "Quota" * target incentive)`;
    const d = first(text, 'UNIT_MISMATCH');
    expect(d.severity).toBe('error');
    expect(slice(text, d)).toBe('(goal "Quota" * target incentive)');
    expect(d.message).toContain('money by money');
  });

  it('accepts a goal used as a multiplier times money: the goal is a factor', () => {
    const text = `${header}component "A" pays goal "Ramp" * target incentive
multiply all components by goal "Ramp"`;
    expect(codes(text, 'error')).toEqual([]);
  });

  it('types a goal scaled by a percentage as money from a use written later in the plan', () => {
    const text = `${header}measure revenue = sum of order.amount
measure stretch = goal "Quota" * 120%
component "A" pays curve on revenue / stretch:
  from 0%: 100%`;
    const checked = checkPlan(text);
    expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // 120% of a goal of 1,000.00 USD read through the explanation as money.
    const line = checked.plan!.evaluate({
      aggregates: { 'sum of order.amount for team in period': 120_000 },
      transactions: {},
      goals: { 'goal "Quota" of team': 100_000 },
      targetIncentiveMinor: 1_000_000,
    }).lines[0]!;
    const stretch = line.explanation.children[0]!.children[1]!;
    expect(stretch).toMatchObject({ label: 'stretch', value: 120_000, unit: 'money' });
  });

  it('divides money by a plain number: "target incentive / 1,000" is a thousandth of it, in money', () => {
    const checked = checkPlan(`${header}component "A" pays target incentive / 1,000`);
    // 10,000.00 / 1,000 = 10.00 = 1,000 cents; 1,000 is a plain number, not 1,000.00 USD.
    const line = checked.plan!.evaluate({
      aggregates: {},
      transactions: {},
      goals: {},
      targetIncentiveMinor: 1_000_000,
    }).lines[0]!;
    expect(line.amountMinor).toBe(1_000);
    expect(line.explanation.children[0]).toMatchObject({ unit: 'money', value: 1_000 });
  });

  it('reads a plain number divided by money as money: "1,000 / target incentive" is a ratio of amounts', () => {
    const plan = compile(`${header}component "A" pays (1,000 / target incentive) * target incentive`);
    // (1,000.00 / 10,000.00) x 10,000.00 = 1,000.00 = 100,000 cents (not 1,000 cents).
    const amount = plan.evaluate({
      aggregates: {},
      transactions: {},
      goals: {},
      targetIncentiveMinor: 1_000_000,
    }).lines[0]!.amountMinor;
    expect(amount).toBe(100_000);
  });

  it('refuses a percentage goal read in year to date, at the goal', () => {
    const text = `${header}measure margin = sum of order.margin / sum of order.amount
component "A" pays curve on margin / goal "Margin" in year to date:
  from 0%: 100%
when margin < goal "Margin": all components pay 50%`;
    const d = first(text, 'GOAL_WINDOW_NOT_ADDITIVE');
    expect(slice(text, d)).toBe('goal "Margin"');
    expect(d.range.start.line).toBe(6);
    expect(d.message).toContain("remove 'in year to date'");
  });

  it('refuses a goal inside a statistic over teams, which has no goal of its own', () => {
    const text = `${header}measure revenue = sum of order.amount
component "A" pays curve on mean of (revenue / goal "Quota") over teams on this plan:
  from 0%: 100%`;
    const d = first(text, 'POPULATION_OPERAND');
    expect(slice(text, d)).toBe('goal "Quota"');
    expect(d.message).toContain('mean of revenue over teams on this plan / goal "Revenue"');
  });

  it('accepts a money goal read in every window', () => {
    const text = `${header}measure revenue = sum of order.amount
component "A" pays curve on revenue in year to date / goal "Quota" in year to date:
  from 0%: 100%
component "B" pays curve on revenue / goal "Quota" in prior period:
  from 0%: 100%
component "C" pays curve on revenue / goal "Quota" in same period last year:
  from 0%: 100%`;
    expect(codes(text, 'error')).toEqual([]);
  });
});

describe('checker: units', () => {
  it('refuses adding a percentage to money, at the sum', () => {
    const text = `${header}measure r = sum of order.amount + 5%`;
    const d = first(text, 'UNIT_MISMATCH');
    expect(text.slice(d.range.start.offset, d.range.end.offset)).toBe('sum of order.amount + 5%');
    expect(d.message).toContain('a percentage to money');
  });

  it('refuses comparing money with a score', () => {
    expect(
      codes(
        `${header}component "A" pays 1\nwhen sum of order.amount < average of survey.score: all components pay 0%`,
      ),
    ).toEqual(['UNIT_MISMATCH']);
  });

  it('refuses summing a yes/no field and filtering a yes/no attribute with a quoted value', () => {
    expect(codes(`${header}measure w = sum of opportunity.won`)).toEqual(['FIELD_NOT_NUMERIC']);
    expect(
      first(`${header}measure w = count of opportunity where won is "yes"`, 'FILTER_TYPE_MISMATCH').message,
    ).toContain("write 'where won' or 'where not won'");
  });

  it('requires percentage bounds on a curve over an attainment', () => {
    const text = `${header}component "A" pays curve on sum of order.amount / goal "g":\n  below 80: 0%\n  from 80: 100%`;
    expect(codes(text, 'error')).toEqual(['UNIT_MISMATCH', 'UNIT_MISMATCH']);
  });
});

describe('checker: weights and curves', () => {
  it('reports weights that do not add up to 100%, with their total', () => {
    const text = `${header}component "A" weight 30% pays 1\ncomponent "B" weight 60% pays 1`;
    expect(first(text, 'WEIGHTS_NOT_100').message).toContain('add up to 90%');
  });

  it('accepts weights of thirds written to two decimals', () => {
    const text = `${header}component "A" weight 33.33% pays 1\ncomponent "B" weight 33.33% pays 1\ncomponent "C" weight 33.34% pays 1`;
    expect(codes(text, 'error')).toEqual([]);
  });

  it('finds a gap between two bands and says where', () => {
    const text = `${header}component "A" pays curve on 1%:\n  below 80%: 0%\n  from 90%: 100%`;
    expect(first(text, 'CURVE_GAP').message).toContain('between 80% and 90%');
  });

  it('finds the one-point gap when both sides of a boundary exclude it', () => {
    const text = `${header}component "A" pays curve on 1%:\n  below 100%: 0%\n  above 100%: 100%`;
    expect(first(text, 'CURVE_GAP').message).toContain('exactly 100%');
  });

  it('finds an overlap when both sides of a boundary include it', () => {
    const text = `${header}component "A" pays curve on 1%:\n  up to and including 100%: 0%\n  from 100%: 100%`;
    expect(first(text, 'CURVE_OVERLAP').message).toContain('at 100%');
  });

  it('finds bands written out of order', () => {
    const text = `${header}component "A" pays curve on 1%:\n  from 100%: 100%\n  below 100%: 0%`;
    expect(codes(text, 'error')).toEqual(['CURVE_UNSORTED']);
  });

  it('warns when a curve pays less for more attainment', () => {
    const text = `${header}component "A" pays curve on 1%:\n  below 100%: 50%\n  from 100%: 40%`;
    expect(codes(text, 'warning')).toEqual(['CURVE_DECREASES']);
  });

  it('warns about a tier that no value can reach', () => {
    const text = `${header}component "A" pays curve on 1%:\n  below 100%: 0%\n  from 100% up to 100%: 100%\n  from 100%: 100%`;
    expect(codes(text, 'warning')).toContain('TIER_UNREACHABLE');
  });

  it('warns about a tier above the component cap, which can never pay what it says', () => {
    const text = `${header}component "A" pays curve on 1%:\n  below 100%: 0%\n  from 100%: 250%\n  capped at 200%`;
    expect(codes(text, 'warning')).toEqual(['TIER_ABOVE_CAP']);
  });

  it('requires both bounds on a linear segment', () => {
    const text = `${header}component "A" pays curve on 1%:\n  below 100%: 0%\n  from 100%: 100% to 200%`;
    expect(codes(text, 'error')).toEqual(['LINEAR_NEEDS_BOUNDS']);
  });

  it('checks that every table row has one value per column', () => {
    const text = `${header}component "A" pays table of 1% by 1%:\n  columns: below 50% | from 50%\n  below 50%: 0% | 10% | 20%\n  from 50%: 0% | 10%`;
    expect(codes(text, 'error')).toEqual(['TABLE_SHAPE']);
  });
});

describe('checker: divisions and header', () => {
  it('warns that a divisor reading facts can be zero, and not when it is a goal', () => {
    expect(codes(`${header}measure m = sum of order.cost / sum of order.amount`, 'warning')).toEqual([
      'POSSIBLE_DIVISION_BY_ZERO',
    ]);
    expect(codes(`${header}measure m = sum of order.amount / goal "Revenue"`, 'warning')).toEqual([]);
  });

  it('reports a literal division by zero as an error', () => {
    expect(codes(`${header}measure m = 5 / 0`, 'error')).toEqual(['DIVISION_BY_ZERO']);
  });

  it('reports a missing period and currency at the plan name, and suggests a currency code', () => {
    expect(codes('plan "T"\nmeasure m = 1', 'error')).toEqual(['MISSING_PERIOD', 'MISSING_CURRENCY']);
    expect(first('plan "T" period month currency USB', 'UNKNOWN_CURRENCY').message).toContain(
      "Did you mean 'USD'?",
    );
  });

  it('never compiles a plan with errors but still returns its diagnostics', () => {
    const result = checkPlan(`${header}component "A" pays 5% of nothing`);
    expect(result.plan).toBeNull();
    expect(result.diagnostics.some((d) => d.code === 'UNKNOWN_MEASURE')).toBe(true);
  });
});

describe('checker: coverage', () => {
  it('warns when values below the first band or above the last fall in no band', () => {
    const text = `${header}component "A" pays curve on 1%:\n  from 80% up to 100%: 50% to 100%\n  from 100% up to and including 150%: 100% to 200%`;
    const uncovered = checkPlan(text).diagnostics.filter((d) => d.code === 'CURVE_UNCOVERED');
    // At the first band (line 6) and at the last (line 7), each saying which values and what to add.
    expect(uncovered.map((d) => [d.severity, d.range.start.line, d.range.start.column])).toEqual([
      ['warning', 6, 3],
      ['warning', 7, 3],
    ]);
    expect(uncovered[0]?.message).toContain("'below 80%: 0%'");
    // 150% itself is in the last band, so the band to add starts above it, not 'from 150%' (an overlap).
    expect(uncovered[1]?.message).toContain("'above 150%: ...'");
  });

  it('tells a table with uncovered rows to add a row with one value per column, not a curve band', () => {
    const text = `${header}component "A" pays table of 1% by 2%:
  columns: below 25% | from 25%
  from 80% up to 100%: 50% | 75%
  from 100%: 100% | 125%`;
    const uncovered = checkPlan(text).diagnostics.filter((d) => d.code === 'CURVE_UNCOVERED');
    expect(uncovered).toHaveLength(1);
    expect(uncovered[0]!.message).toBe(
      "Values below 80% fall in none of the rows of this table and pay 0. Add a row such as 'below 80%: 0% | 0%' (one value per column) to say so.",
    );
  });

  it('tells a table with uncovered columns to add a column to the columns line', () => {
    const text = `${header}component "A" pays table of 1% by 2%:
  columns: from 0% up to 25% | from 25% up to and including 50%
  below 100%: 50% | 75%
  from 100%: 100% | 125%`;
    const messages = checkPlan(text)
      .diagnostics.filter((d) => d.code === 'CURVE_UNCOVERED')
      .map((d) => d.message);
    expect(messages).toEqual([
      "Values below 0% fall in none of the columns of this table and pay 0. Start 'columns:' with a column 'below 0% |' and give each row a value for it.",
      "Values above 50% fall in none of the columns of this table and pay 0. End 'columns:' with a column '| above 50%' and give each row a value for it.",
    ]);
  });
});
