/** 'target incentive: 8% of base salary': the annual target from the effective-dated base salary. */
import { checkPlan } from '@attain/rules';
import { describe, expect, it } from 'vitest';
import type { ParticipantField } from '../../src/model/org.js';
import { calculateStatements } from '../../src/statements/calculate-statements.js';
import { org, participant } from '../helpers/org.js';

const text = `plan "Salaried"
  period quarter
  currency USD
  target incentive: 8% of base salary, not prorated

component "Bonus" weight 100% pays 100%
`;

const compiled = () => {
  const result = checkPlan(text);
  if (!result.plan) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return result.plan;
};

const salary = (value: number, from: string, to: string | null = null): ParticipantField => ({
  name: 'baseSalary',
  value,
  currency: 'USD',
  from,
  to,
});

const run = (fields: ParticipantField[], annualOverride: number | null = null) =>
  calculateStatements({
    plan: compiled(),
    org: org({
      participants: [participant('p1', { annualTargetIncentiveMinor: 4_000_000, fields })],
      assignments: [
        {
          participantId: 'p1',
          plan: 'Salaried',
          from: '2020-01-01',
          annualTargetIncentiveMinor: annualOverride,
        },
      ],
    }),
    facts: [],
    period: '2025-Q1',
  }).statements[0]!;

describe('a target incentive that is a share of base salary', () => {
  it('pays 8% of the salary, cut to the quarter, instead of the recorded annual target', () => {
    // 8% of 100,000.00 = 8,000.00 a year; a quarter is 2,000.00 (not the recorded 40,000.00 / 4).
    const statement = run([salary(10_000_000, '2024-01-01')]);
    expect(statement.targetIncentiveMinor).toBe(200_000);
    expect(statement.totalMinor).toBe(200_000);
  });

  it('counts each day at the salary in effect that day when the salary changes in the period', () => {
    // Q1 2025: 1 Jan - 14 Feb is 45 days at 100,000.00, 15 Feb - 31 Mar 45 days at 120,000.00:
    // mean 110,000.00; 8% = 8,800.00 a year; the quarter 2,200.00.
    const statement = run([salary(10_000_000, '2024-01-01', '2025-02-14'), salary(12_000_000, '2025-02-15')]);
    expect(statement.targetIncentiveMinor).toBe(220_000);
    const annual = statement.segments[0]!.targetIncentiveExplanation!.children[0]!;
    expect(annual.detail).toBe(
      '8% of base salary weighted by days: 100,000.00 USD for 45 days, 120,000.00 USD for 45 days = 8,800.00 USD',
    );
  });

  it("lets an assignment's own annual target win over the share of salary", () => {
    // The assignment says 12,000.00 a year: 3,000.00 a quarter.
    expect(run([salary(10_000_000, '2024-01-01')], 1_200_000).targetIncentiveMinor).toBe(300_000);
  });

  it('pays nothing, and says why, for a participant without a base salary in the period', () => {
    const statement = run([salary(10_000_000, '2026-01-01')]);
    expect(statement.targetIncentiveMinor).toBeNull();
    expect(statement.totalMinor).toBe(0);
    expect(statement.warnings.map((w) => w.code)).toContain('base-salary-missing');
  });

  it('refuses a salary stored as a plain number rather than money', () => {
    const statement = run([{ ...salary(100_000, '2024-01-01'), currency: null }]);
    expect(statement.targetIncentiveMinor).toBeNull();
    expect(statement.warnings.map((w) => w.code)).toContain('base-salary-not-money');
  });
});
