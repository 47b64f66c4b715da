import { describe, expect, it } from 'vitest';
import { checkPlanAst } from '../../src/checker/check-plan-ast.js';
import { checks } from '../../src/checker/check-registry.js';
import { parsePlan } from '../../src/index.js';
import { header } from '../helpers.js';

function ast(text: string) {
  const parsed = parsePlan(text);
  if (!parsed.ast) throw new Error('did not parse');
  return parsed.ast;
}

const plan = `${header}measure revenue = sum of order.amount
component "A" weight 60% pays curve on revenue / goal "Quota":
  from 0% up to 100%: 0% to 100%
  from 100%: 100%
component "B" weight 40% pays 1,500 capped at 2,000
when revenue < 10,000: all components pay 50%
example "e":
  given revenue = 1,000
  expect "A" pays 0.00`;

describe('checker: passes', () => {
  it('fills the tables the compiler reads the same way when no check runs', () => {
    const all = checkPlanAst(ast(plan));
    const none = checkPlanAst(ast(plan), {}, {});
    const literals = (c: typeof all) => [...c.moneyLiterals].map((n) => n.text);
    const units = (c: typeof all) => [...c.units.values()];
    expect(literals(none)).toEqual(literals(all));
    // 1,500 and the cap 2,000 beside money, and 10,000 compared with revenue.
    expect(literals(all).sort()).toEqual(['1,500', '10,000', '2,000']);
    expect(units(none)).toEqual(units(all));
    expect([...none.goalUnits]).toEqual([['Quota', 'money']]);
  });

  it('turns a check that throws into one INTERNAL_ERROR at its node, and runs the others', () => {
    const broken = () => {
      throw new Error('boom');
    };
    const text = `${header}component "A" pays 5% of revnue\ncomponent "B" weight 150% pays 1`;
    const checked = checkPlanAst(ast(text), {
      ...checks,
      ComponentDecl: [broken, ...(checks.ComponentDecl ?? [])],
    });
    const internal = checked.diagnostics.filter((d) => d.code === 'INTERNAL_ERROR');
    // One per component the broken check ran on: "A" on line 5 and "B" on line 6.
    expect(internal.map((d) => [d.range.start.line, d.range.start.column])).toEqual([
      [5, 1],
      [6, 1],
    ]);
    expect(internal[0]?.message).toContain('boom');
    // The real checks still ran: the unknown measure in "A" and the weight of "B".
    expect(checked.diagnostics.map((d) => d.code)).toEqual(
      expect.arrayContaining(['UNKNOWN_MEASURE', 'WEIGHT_RANGE']),
    );
  });
});
