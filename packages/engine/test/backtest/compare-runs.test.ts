import { describe, expect, it } from 'vitest';
import { compareRuns, histogram } from '../../src/backtest/compare-runs.js';
import type { Statement } from '../../src/statements/statement.js';

/** A statement whose lines pay the given components (codes by name; default the name); the total is their sum, as the engine makes it. */
function statement(
  participantId: string,
  periodId: string,
  lines: Record<string, number>,
  codes: Record<string, string> = {},
): Statement {
  const statementLines = Object.entries(lines).map(([component, amountMinor]) => ({
    component,
    componentCode: codes[component] ?? component,
    amountMinor,
    attainment: null,
    explanation: { label: component, value: amountMinor, unit: 'money' as const, children: [] },
    warnings: [],
    kind: 'payout' as const,
    from: '2025-01-01',
    to: '2025-03-31',
    teamId: null,
  }));
  return {
    participantId,
    planName: 'Plan',
    periodId,
    currency: 'USD',
    segments: [],
    targetIncentiveMinor: null,
    lines: statementLines,
    adjustments: [],
    warnings: [],
    totalMinor: statementLines.reduce((sum, line) => sum + line.amountMinor, 0),
  };
}

const baseline = {
  label: 'v1',
  statements: [
    statement('ann', '2025-Q1', { Revenue: 100_000, Margin: 20_000 }),
    statement('ben', '2025-Q1', { Revenue: 50_000 }),
    statement('ann', '2025-Q2', { Revenue: 80_000 }),
    statement('ben', '2025-Q2', { Revenue: 0 }),
  ],
};
const richer = {
  label: 'richer',
  statements: [
    statement('ann', '2025-Q1', { Revenue: 130_000, Margin: 20_000 }),
    statement('ben', '2025-Q1', { Revenue: 45_000 }),
    statement('ann', '2025-Q2', { Revenue: 80_000 }),
    statement('ben', '2025-Q2', { Revenue: 10_000 }),
  ],
};

describe('compareRuns', () => {
  const result = compareRuns({ baseline, candidates: [richer], periods: ['2025-Q1', '2025-Q2'] });

  it('gives each participant and period the baseline, the candidate, the delta and the percent change', () => {
    const ann = result.rows.find((r) => r.participantId === 'ann' && r.periodId === '2025-Q1');
    // Baseline 1,000.00 + 200.00 = 1,200.00; candidate 1,300.00 + 200.00 = 1,500.00;
    // delta 300.00, 300 / 1,200 = 25%.
    expect(ann?.baselineMinor).toBe(120_000);
    expect(ann?.candidates).toEqual([{ totalMinor: 150_000, deltaMinor: 30_000, percentChange: 0.25 }]);
  });

  it('orders rows by period, then participant', () => {
    expect(result.rows.map((r) => `${r.periodId} ${r.participantId}`)).toEqual([
      '2025-Q1 ann',
      '2025-Q1 ben',
      '2025-Q2 ann',
      '2025-Q2 ben',
    ]);
  });

  it('gives per component deltas', () => {
    const ann = result.rows[0];
    expect(ann?.components).toEqual([
      {
        component: 'Revenue',
        componentCode: 'Revenue',
        baselineMinor: 100_000,
        candidates: [{ totalMinor: 130_000, deltaMinor: 30_000, percentChange: 0.3 }],
      },
      {
        component: 'Margin',
        componentCode: 'Margin',
        baselineMinor: 20_000,
        candidates: [{ totalMinor: 20_000, deltaMinor: 0, percentChange: 0 }],
      },
    ]);
  });

  it('matches a component a candidate renames by its code: one row with the change, not -old/+new', () => {
    const renamed = {
      label: 'renamed',
      statements: [
        statement('ann', '2025-Q1', { Bookings: 130_000, Margin: 20_000 }, { Bookings: 'Revenue' }),
      ],
    };
    const compared = compareRuns({ baseline, candidates: [renamed], periods: ['2025-Q1'] });
    // Baseline "Revenue" 1,000.00; the candidate pays 1,300.00 for the same code: +300.00, +30%.
    expect(compared.rows[0]?.components[0]).toEqual({
      component: 'Revenue',
      componentCode: 'Revenue',
      baselineMinor: 100_000,
      candidates: [{ totalMinor: 130_000, deltaMinor: 30_000, percentChange: 0.3 }],
    });
    expect(compared.rows[0]?.components).toHaveLength(2);
  });

  it('has no percent change for a rise from zero', () => {
    const ben = result.rows.find((r) => r.participantId === 'ben' && r.periodId === '2025-Q2');
    expect(ben?.candidates[0]).toEqual({ totalMinor: 10_000, deltaMinor: 10_000, percentChange: null });
  });

  it('totals each period and the whole range (the cost of the change)', () => {
    const [summary] = result.candidates;
    // Q1: baseline 1,200.00 + 500.00 = 1,700.00, candidate 1,500.00 + 450.00 = 1,950.00, +250.00.
    // Q2: baseline 800.00 + 0 = 800.00, candidate 800.00 + 100.00 = 900.00, +100.00.
    expect(summary?.periods).toEqual([
      {
        periodId: '2025-Q1',
        baselineMinor: 170_000,
        candidateMinor: 195_000,
        deltaMinor: 25_000,
        percentChange: 25_000 / 170_000,
      },
      {
        periodId: '2025-Q2',
        baselineMinor: 80_000,
        candidateMinor: 90_000,
        deltaMinor: 10_000,
        percentChange: 0.125,
      },
    ]);
    // Overall: 2,500.00 -> 2,850.00, +350.00 = 14%.
    expect(summary).toMatchObject({
      baselineMinor: 250_000,
      totalMinor: 285_000,
      deltaMinor: 35_000,
      percentChange: 0.14,
    });
  });

  it('counts who gains, loses or stays unchanged over the whole range', () => {
    // Ann +300.00 in Q1 and 0 in Q2: gains 300.00. Ben -50.00 in Q1, +100.00 in Q2: gains 50.00.
    const flat = { label: 'same', statements: baseline.statements };
    const lower = {
      label: 'lower',
      statements: [
        statement('ann', '2025-Q1', { Revenue: 90_000, Margin: 20_000 }),
        ...baseline.statements.slice(1),
      ],
    };
    const compared = compareRuns({
      baseline,
      candidates: [richer, flat, lower],
      periods: ['2025-Q1', '2025-Q2'],
    });
    expect(
      compared.candidates.map((c) => [c.distribution.gain, c.distribution.lose, c.distribution.unchanged]),
    ).toEqual([
      [2, 0, 0],
      [0, 0, 2],
      [0, 1, 1],
    ]);
    expect(
      compared.candidates[0]?.distribution.largestGains.map((d) => [d.participantId, d.deltaMinor]),
    ).toEqual([
      ['ann', 30_000],
      ['ben', 5_000],
    ]);
    // Ann: 1,100.00 instead of 1,200.00 in Q1 = -100.00 over 2,000.00 (1,200.00 + 800.00) = -5%.
    expect(compared.candidates[2]?.distribution.largestLosses).toEqual([
      {
        participantId: 'ann',
        baselineMinor: 200_000,
        candidateMinor: 190_000,
        deltaMinor: -10_000,
        percentChange: -0.05,
      },
    ]);
  });

  it('counts a participant missing under one plan as paid nothing there', () => {
    const withCara = {
      label: 'cara',
      statements: [...baseline.statements, statement('cara', '2025-Q1', { Revenue: 7_000 })],
    };
    const compared = compareRuns({ baseline, candidates: [withCara], periods: ['2025-Q1'] });
    const cara = compared.rows.find((r) => r.participantId === 'cara');
    expect(cara).toMatchObject({
      baselineMinor: 0,
      candidates: [{ totalMinor: 7_000, deltaMinor: 7_000, percentChange: null }],
    });
  });

  it('compares only the participants and periods asked for', () => {
    const compared = compareRuns({
      baseline,
      candidates: [richer],
      periods: ['2025-Q2'],
      participantIds: new Set(['ben']),
    });
    expect(compared.rows.map((r) => `${r.periodId} ${r.participantId}`)).toEqual(['2025-Q2 ben']);
    expect(compared.participants).toBe(1);
    expect(compared.candidates[0]?.deltaMinor).toBe(10_000);
  });
});

describe('histogram', () => {
  it('puts every value in exactly one equal-width bin from the smallest to the largest', () => {
    // Span -10..19 is 30 units; 3 bins of width 10: [-10,-1], [0,9], [10,19].
    expect(histogram([-10, -1, 0, 0, 5, 19], 3)).toEqual([
      { fromMinor: -10, toMinor: -1, count: 2 },
      { fromMinor: 0, toMinor: 9, count: 3 },
      { fromMinor: 10, toMinor: 19, count: 1 },
    ]);
  });

  it('makes one bin when every value is the same', () => {
    expect(histogram([0, 0, 0], 20)).toEqual([{ fromMinor: 0, toMinor: 0, count: 3 }]);
  });

  it('is empty without values', () => {
    expect(histogram([], 20)).toEqual([]);
  });
});
