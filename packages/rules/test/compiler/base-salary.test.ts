import { describe, expect, it } from 'vitest';
import { checkPlan, formatPlan } from '../../src/index.js';
import { compile } from '../helpers.js';

const plan = (targetLine: string) => `plan "Salaried"
  period quarter
  currency USD
  ${targetLine}

component "Bonus" weight 100% pays 100%
`;

describe('a target incentive as a share of base salary', () => {
  it("compiles '8% of base salary' into the plan's target incentive rule", () => {
    const compiled = compile(
      plan('target incentive: 8% of base salary, prorated by days employed (actual/365)'),
    );
    expect(compiled.targetIncentive).toEqual({
      prorate: 'days employed',
      dayCount: 'actual/365',
      ofBaseSalary: 0.08,
    });
  });

  it("keeps the recorded annual target for 'annual'", () => {
    expect(compile(plan('target incentive: annual, not prorated')).targetIncentive).toEqual({
      prorate: 'none',
      dayCount: 'actual/actual',
    });
  });

  it('formats the line as written', () => {
    const text = plan('target incentive:   12.5%  of  base salary ,  not prorated');
    expect(formatPlan(text).text).toContain('target incentive: 12.5% of base salary, not prorated');
  });

  it('refuses a plain number, which could mean 8% or 800%, at the number', () => {
    const text = plan('target incentive: 8 of base salary, not prorated');
    const result = checkPlan(text);
    const diagnostic = result.diagnostics.find((d) => d.code === 'TARGET_INCENTIVE_SHARE');
    expect(result.plan).toBeNull();
    expect(text.slice(diagnostic?.range.start.offset, diagnostic?.range.end.offset)).toBe('8');
    expect(diagnostic?.message).toContain("'8% of base salary'");
  });

  it('refuses 0% of base salary, which pays nothing', () => {
    const result = checkPlan(plan('target incentive: 0% of base salary, not prorated'));
    expect(result.diagnostics.map((d) => d.code)).toContain('TARGET_INCENTIVE_SHARE');
  });
});
