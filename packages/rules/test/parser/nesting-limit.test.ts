import { describe, expect, it } from 'vitest';
import { checkPlan, MAX_DECLARATION_OPERATORS, MAX_EXPRESSION_NESTING } from '../../src/index.js';
import { codes, header } from '../helpers.js';

const measure = 'measure revenue = sum of order.amount\n';
/** A plan whose one component pays `payout` of revenue. */
const paying = (payout: string) =>
  `${header}${measure}component "R" weight 100% for team\n  pays ${payout} of revenue\n`;

describe('nesting and length limits of expressions', () => {
  it('checks 32 nested parentheses and refuses 33 with NESTED_TOO_DEEPLY at the 33rd', () => {
    expect(MAX_EXPRESSION_NESTING).toBe(32);
    expect(codes(paying(`${'('.repeat(32)}5%${')'.repeat(32)}`), 'error')).toEqual([]);
    const over = checkPlan(paying(`${'('.repeat(33)}5%${')'.repeat(33)}`));
    expect(over.diagnostics.map((d) => d.code)).toEqual(['NESTED_TOO_DEEPLY']);
    // Line 7 is "  pays (((...": the 33rd parenthesis is at column 8 + 32.
    expect(over.diagnostics[0]?.range.start).toMatchObject({ line: 7, column: 40 });
    expect(over.diagnostics[0]?.message).toContain('Split it into measures');
  });

  it('refuses 2,000 nested parentheses with NESTED_TOO_DEEPLY, not a checker crash', () => {
    expect(codes(paying(`${'('.repeat(2_000)}5%${')'.repeat(2_000)}`))).toEqual(['NESTED_TOO_DEEPLY']);
  });

  it('refuses 120,000 minus signs with NESTED_TOO_DEEPLY, before the parser tries to recover', () => {
    expect(codes(paying(`${'-'.repeat(120_000)}5%`))).toEqual(['NESTED_TOO_DEEPLY']);
  });

  it('checks a chain of 1,000 operators and refuses 1,001 with EXPRESSION_TOO_LONG', () => {
    expect(MAX_DECLARATION_OPERATORS).toBe(1_000);
    // n terms joined by "+" are n - 1 operators, and "of revenue" is one more: 1,000 terms = 1,000.
    const chain = (terms: number) => paying(`(${Array.from({ length: terms }, () => '0.1%').join(' + ')})`);
    expect(codes(chain(1_000), 'error')).toEqual([]);
    expect(codes(chain(1_001), 'error')).toEqual(['EXPRESSION_TOO_LONG']);
  });

  it('refuses 60,000 chained additions with EXPRESSION_TOO_LONG, not a checker crash', () => {
    expect(codes(paying(Array.from({ length: 60_000 }, () => '1%').join('+')))).toEqual([
      'EXPRESSION_TOO_LONG',
    ]);
  });

  it('counts operators per declaration, so many ordinary declarations are not refused', () => {
    const measures = Array.from(
      { length: 400 },
      (_, index) => `measure m${index} = revenue + revenue + revenue\n`,
    );
    const text = `${header}${measure}${measures.join('')}component "R" weight 100% for team\n  pays 5% of m0\n`;
    expect(codes(text, 'error')).toEqual([]);
  });
});
