/** The header line saying when money converts into a participant's pay currency. */
import { describe, expect, it } from 'vitest';
import { checkPlan, formatPlan } from '../../src/index.js';

const plan = (conversion: string, component = 'pays 5% of sum of order.amount for individual') => `plan "EU"
  period quarter
  currency EUR
  target incentive: annual, not prorated
  ${conversion}
component "Commission" weight 100% for individual
  ${component}
`;

const codes = (text: string) => checkPlan(text).diagnostics.map((d) => d.code);

describe('convert to pay currency', () => {
  it('compiles "at fact date" with the facts each line pays on', () => {
    const compiled = checkPlan(plan('convert to pay currency at fact date')).plan!;
    expect(compiled.payConversion).toBe('fact date');
    expect(compiled.components[0]!.paysOn).toMatchObject({
      factKind: 'order',
      field: 'amount',
      scope: 'individual',
    });
  });

  it('compiles "at payment date", and leaves the plan silent without the line', () => {
    expect(checkPlan(plan('convert to pay currency at payment date')).plan!.payConversion).toBe(
      'payment date',
    );
    expect(checkPlan(plan('')).plan!.payConversion).toBeUndefined();
  });

  it('warns when a component converting at fact date reads no money facts', () => {
    const text = plan(
      'convert to pay currency at fact date',
      'pays curve on average of survey.score for individual:\n    below 2.5: 0%\n    from 2.5: 100%',
    );
    const { diagnostics } = checkPlan(text);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const found = diagnostics.find((d) => d.code === 'PAY_CONVERSION_NO_FACTS');
    expect(found).toMatchObject({ severity: 'warning', range: { start: { line: 6, column: 11 } } });
    expect(found?.message).toContain('converts into the pay currency at the payment date');
    expect(
      codes(
        plan(
          'convert to pay currency at payment date',
          'pays curve on average of survey.score for individual:\n    below 2.5: 0%\n    from 2.5: 100%',
        ),
      ),
    ).not.toContain('PAY_CONVERSION_NO_FACTS');
  });

  it('refuses a second conversion line and a line without its date', () => {
    expect(
      codes(plan('convert to pay currency at fact date\n  convert to pay currency at payment date')),
    ).toContain('DUPLICATE_HEADER');
    const missing = checkPlan(plan('convert to pay currency at')).diagnostics[0];
    expect(missing?.code).toBe('SYNTAX_ERROR');
    expect(missing?.message).toContain("'fact date' or 'payment date'");
  });

  it('keeps "fact", "payment" and "convert" free as names', () => {
    const text = `plan "N"
  period quarter
  currency EUR
measure payment = sum of order.amount
measure fact = payment
measure convert = fact
component "A" weight 100% for team
  pays 1% of convert
`;
    expect(checkPlan(text).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('formats the line as written', () => {
    expect(formatPlan(plan('convert   to pay   currency at  payment date')).text).toContain(
      '  convert to pay currency at payment date\n',
    );
  });
});
