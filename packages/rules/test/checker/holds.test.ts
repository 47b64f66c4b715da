import { describe, expect, it } from 'vitest';
import { checkPlan, formatPlan } from '../../src/index.js';
import { codes, compile } from '../helpers.js';

const plan = (hold: string) => `plan "Holds"
  period month
  currency USD
  target incentive: annual, not prorated
measure sales = sum of order.amount for individual
component "Commission" for individual
  pays 10% of sales
${hold}
`;

describe('holds in the plan text', () => {
  it("compiles a hold with the kind of fact that releases it and the component's deals", () => {
    const compiled = compile(plan('hold "Commission" until payment'));
    expect(compiled.holds).toEqual([
      {
        component: 'Commission',
        releaseKind: 'payment',
        factList: expect.stringContaining('each order.amount'),
      },
    ]);
    // The deals the commission pays on are asked for, so the engine can hold each one.
    expect(compiled.requirements.factLists.map((l) => l.key)).toContain(compiled.holds?.[0]?.factList);
  });

  it('refuses an unknown release fact with the kinds that name a deal, at the name', () => {
    const d = checkPlan(plan('hold "Commission" until paymnet')).diagnostics.find(
      (x) => x.severity === 'error',
    );
    expect(d).toMatchObject({
      code: 'UNKNOWN_FACT_KIND',
      range: { start: { line: 8, column: 25 } },
      message: expect.stringContaining("Did you mean 'payment'?"),
    });
    expect(d?.suggestions?.[0]?.replacement).toBe('payment');
  });

  it('refuses a release fact that names no deal', () => {
    const d = checkPlan(plan('hold "Commission" until order')).diagnostics.find(
      (x) => x.severity === 'error',
    );
    expect(d).toMatchObject({
      code: 'HOLD_RELEASE_FACT',
      message: expect.stringContaining("hold until 'churn' or 'payment'"),
    });
  });

  it('refuses an unknown component, and a component held twice', () => {
    expect(codes(plan('hold "Comission" until payment'))).toEqual(['UNKNOWN_COMPONENT']);
    expect(codes(plan('hold "Commission" until payment\nhold "Commission" until churn'))).toEqual([
      'DUPLICATE_HOLD',
    ]);
  });

  it('formats a hold canonically', () => {
    const text = plan('hold   "Commission"\n until payment');
    expect(formatPlan(text).text).toContain('hold "Commission" until payment');
  });
});
