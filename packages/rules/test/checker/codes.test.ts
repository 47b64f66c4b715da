import { describe, expect, it } from 'vitest';
import { checkPlan } from '../../src/index.js';
import { codes, compile, header, input, line } from '../helpers.js';

const monthly =
  'plan "Monthly"\n  period month\n  currency USD\n  target incentive: annual, not prorated\n  true-up year to date\n';
const salesToDate = 'sum of order.amount for team in year to date';

/** The one diagnostic of a code, and the text it underlines. */
function diagnostic(text: string, code: string, previous?: string) {
  const all = checkPlan(text, previous === undefined ? {} : { previous }).diagnostics;
  const found = all.filter((d) => d.code === code);
  expect(found, JSON.stringify(all.map((d) => d.code))).toHaveLength(1);
  const d = found[0]!;
  return { ...d, underlined: text.slice(d.range.start.offset, d.range.end.offset) };
}

describe('component codes', () => {
  it('reads a true-up component by its code, so a renamed one subtracts what the old name paid', () => {
    const plan = compile(`${monthly}measure sales = sum of order.amount
component "New deals" code "Commission" pays 10% of sales in year to date
`);
    // 10% of 13,000.00 to date = 1,300.00 earned, minus 100.00 paid under the code -> 1,200.00.
    const planInput = input({
      aggregates: { [salesToDate]: 1_300_000 },
      earlier: { paidMinor: { Commission: 10_000 } },
    });
    expect(line(plan, planInput, 'New deals')).toBe(120_000);
    expect(plan.evaluateAmounts?.(planInput).linesMinor).toEqual([120_000]);
    expect(plan.evaluate(planInput).lines[0]?.componentCode).toBe('Commission');
  });

  it('gives a component without a code its name as code, so the lines of older plans still match', () => {
    const plan = compile(`${header}measure revenue = sum of order.amount
component "Revenue" pays 1% of revenue
`);
    expect(plan.components[0]?.code).toBe('Revenue');
    expect(plan.evaluate(input({})).lines[0]?.componentCode).toBe('Revenue');
  });

  it("keeps 'code' a valid measure name where no quoted code follows it", () => {
    const text = `${header}measure code = sum of order.amount
component "Revenue" pays 1% of code
`;
    expect(codes(text, 'error')).toEqual([]);
  });

  it('refuses two components with one code, at the second code, pointing at the first', () => {
    const text = `${header}measure revenue = sum of order.amount
component "A" code "NB" weight 50% pays 1% of revenue
component "B" code "NB" weight 50% pays 2% of revenue
`;
    const d = diagnostic(text, 'DUPLICATE_COMPONENT_CODE');
    expect(d.severity).toBe('error');
    expect(d.underlined).toBe('"NB"');
    expect(d.range.start.line).toBe(7);
    expect(d.message).toContain('"B" has its code "NB", which is already the code of "A"');
    expect(d.related?.[0]?.range.start.line).toBe(6);
  });

  it("refuses a code that is another component's name, since that name is the other's code", () => {
    const text = `${header}measure revenue = sum of order.amount
component "A" code "B" weight 50% pays 1% of revenue
component "B" weight 50% pays 2% of revenue
`;
    const d = diagnostic(text, 'DUPLICATE_COMPONENT_CODE');
    expect(d.underlined).toBe('"B"');
    expect(d.range.start.line).toBe(7);
    expect(d.message).toContain('its name (a component without a code is known by its name) "B"');
  });

  it('refuses a code with characters an admin cannot type back, saying what a code may hold', () => {
    const text = `${header}measure revenue = sum of order.amount
component "A" code "$NB" pays 1% of revenue
`;
    const d = diagnostic(text, 'COMPONENT_CODE_INVALID');
    expect(d.underlined).toBe('"$NB"');
    expect(d.message).toContain("letters, digits, spaces, '-', '_' or '.'");
  });
});

describe('a component renamed between versions', () => {
  const v1 = `${monthly}measure sales = sum of order.amount
component "Commission" pays 10% of sales in year to date
`;
  const v2 = `${monthly}measure sales = sum of order.amount
component "New deals" pays 10% of sales in year to date
`;

  it('warns at the new name with what to type, and offers the edit', () => {
    const d = diagnostic(v2, 'COMPONENT_RENAMED', v1);
    expect(d.severity).toBe('warning');
    expect(d.underlined).toBe('"New deals"');
    expect(d.message).toContain(
      'Did you rename "Commission" to "New deals"? Add code "Commission" to keep its paid to date',
    );
    expect(d.suggestions?.[0]?.replacement).toBe('"New deals" code "Commission"');
  });

  it('names the old code, not the old name, when the old component had one', () => {
    const coded = v1.replace('"Commission"', '"Commission" code "NB"');
    const d = diagnostic(v2, 'COMPONENT_RENAMED', coded);
    expect(d.message).toContain('Add code "NB"');
  });

  it('says nothing once the code is added, nor for a plan that does not subtract what was paid', () => {
    const withCode = v2.replace('"New deals"', '"New deals" code "Commission"');
    expect(codes(withCode)).toEqual([]);
    expect(checkPlan(withCode, { previous: v1 }).diagnostics.map((d) => d.code)).not.toContain(
      'COMPONENT_RENAMED',
    );
    const noTrueUp = `${header}measure sales = sum of order.amount
component "New deals" pays 10% of sales
`;
    const before = noTrueUp.replace('"New deals"', '"Commission"');
    expect(checkPlan(noTrueUp, { previous: before }).diagnostics.map((d) => d.code)).not.toContain(
      'COMPONENT_RENAMED',
    );
  });
});
