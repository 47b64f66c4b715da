import { describe, expect, it } from 'vitest';
import { checkPlan, formatPlan } from '../../src/index.js';
import { codes, compile } from '../helpers.js';

const monthly = (draw: string) => `plan "Draws"
  period month
  currency USD
  target incentive: annual, not prorated
measure sales = sum of order.amount for individual
component "Commission" for individual
  pays 10% of sales
${draw}
`;

/** The first diagnostic of a draw line (line 8 of the snippet), with its column. */
function firstProblem(draw: string) {
  const d = checkPlan(monthly(draw)).diagnostics.find((x) => x.severity === 'error');
  return d && { code: d.code, line: d.range.start.line, column: d.range.start.column, message: d.message };
}

describe('draws in the plan text', () => {
  it('compiles a recoverable draw with its start of recovery and limit, money in minor units', () => {
    const plan = compile(
      monthly(
        'draw 1,000 per month, recoverable, from 2026-01 to 2026-06, recovery from 2026-03, recovery capped at 400 per month',
      ),
    );
    expect(plan.draw).toEqual({
      amountMinor: 100_000,
      recoverable: true,
      firstPeriod: '2026-01',
      lastPeriod: '2026-06',
      recoveryFrom: '2026-03',
      recoveryLimitMinor: 40_000,
      label:
        'draw 1,000 per month, recoverable, from 2026-01 to 2026-06, recovery from 2026-03, recovery capped at 400 per month',
    });
  });

  it('compiles a draw that is not recoverable, with no recovery', () => {
    const plan = compile(monthly('draw 500 per month not recoverable from 2026-01 to 2026-12'));
    expect(plan.draw).toMatchObject({ amountMinor: 50_000, recoverable: false, recoveryFrom: null });
  });

  it('a plan without a draw has none', () => {
    expect(compile(monthly('')).draw).toBeUndefined();
  });

  it('refuses a draw period that is not a period of the plan, at the period', () => {
    expect(firstProblem('draw 1,000 per month, recoverable, from 2026-Q1 to 2026-06')).toMatchObject({
      code: 'DRAW_PERIOD',
      line: 8,
      column: 41,
      message: expect.stringContaining('write a month such as 2026-01'),
    });
    expect(codes(monthly('draw 1,000 per month, recoverable, from 2026-13 to 2026-14'))).toEqual([
      'DRAW_PERIOD',
      'DRAW_PERIOD',
    ]);
  });

  it("refuses 'per quarter' in a monthly plan, with the fix as an edit", () => {
    const d = checkPlan(
      monthly('draw 1,000 per quarter, recoverable, from 2026-01 to 2026-06'),
    ).diagnostics.find((x) => x.severity === 'error');
    expect(d).toMatchObject({ code: 'DRAW_PERIOD', range: { start: { line: 8, column: 16 } } });
    expect(d?.suggestions?.[0]?.replacement).toBe('month');
  });

  it('refuses a range that ends before it starts, and a recovery that starts before the draw', () => {
    expect(codes(monthly('draw 1,000 per month, recoverable, from 2026-06 to 2026-01'))).toEqual([
      'DRAW_RANGE',
    ]);
    expect(
      firstProblem('draw 1,000 per month, recoverable, from 2026-03 to 2026-06, recovery from 2026-01'),
    ).toMatchObject({ code: 'DRAW_RANGE', column: 75 });
  });

  it('refuses a recovery limit or start on a draw that is not recoverable', () => {
    expect(
      firstProblem(
        'draw 1,000 per month, not recoverable, from 2026-01 to 2026-06, recovery capped at 100 per month',
      ),
    ).toMatchObject({
      code: 'DRAW_NOT_RECOVERABLE',
      message: expect.stringContaining("make it 'recoverable'"),
    });
  });

  it('refuses an amount that is a percentage or not above 0, and a second draw', () => {
    expect(codes(monthly('draw 10% per month, recoverable, from 2026-01 to 2026-06'))).toEqual([
      'DRAW_AMOUNT',
    ]);
    expect(codes(monthly('draw 0 per month, recoverable, from 2026-01 to 2026-06'))).toEqual(['DRAW_AMOUNT']);
    expect(
      codes(
        monthly(
          'draw 1 per month, recoverable, from 2026-01 to 2026-06\ndraw 2 per month, recoverable, from 2026-07 to 2026-08',
        ),
      ),
    ).toEqual(['DUPLICATE_DRAW']);
  });

  it('says what a draw line needs when a part is missing', () => {
    const d = checkPlan(monthly('draw 1,000 per month, from 2026-01 to 2026-06')).diagnostics.find(
      (x) => x.severity === 'error',
    );
    expect(d).toMatchObject({
      code: 'SYNTAX_ERROR',
      message: expect.stringContaining("'recoverable' or 'not recoverable'"),
    });
  });

  it('reads yearly and quarterly periods of plans of those kinds', () => {
    const quarterly = monthly('draw 3,000 per quarter, recoverable, from 2026-q1 to 2026-Q4').replace(
      'period month',
      'period quarter',
    );
    expect(compile(quarterly).draw).toMatchObject({ firstPeriod: '2026-Q1', lastPeriod: '2026-Q4' });
    const yearly = monthly('draw 12,000 per year, not recoverable, from 2026 to 2027').replace(
      'period month',
      'period year',
    );
    expect(compile(yearly).draw).toMatchObject({ firstPeriod: '2026', lastPeriod: '2027' });
  });

  it('formats a draw canonically, keeping its meaning', () => {
    const text = monthly(
      'draw 1,000 per month recoverable from 2026-01 to 2026-06 recovery capped at 400 per month',
    );
    const formatted = formatPlan(text).text;
    expect(formatted).toContain(
      'draw 1,000 per month, recoverable, from 2026-01 to 2026-06, recovery capped at 400 per month',
    );
    expect({ ...compile(formatted).draw, label: '' }).toEqual({ ...compile(text).draw, label: '' });
  });
});
