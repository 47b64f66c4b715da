import { type CompiledPlan, checkPlan, renderExplanation } from '@attain/rules';
import { describe, expect, it } from 'vitest';
import type { Fact } from '../../src/model/fact.js';
import { calculateStatements } from '../../src/statements/calculate-statements.js';
import type { PaidRun, Statement } from '../../src/statements/statement.js';
import { account, order, org, participant } from '../helpers/org.js';

/** A monthly commission of 10% of the participant's sales, with the given draw line. */
function planWith(draw: string): CompiledPlan {
  const result = checkPlan(`plan "Draws"
  period month
  currency USD
  target incentive: annual, not prorated
measure sales = sum of order.amount for individual
component "Commission" for individual
  pays 10% of sales
${draw}
`);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (!result.plan || errors.length > 0) throw new Error(errors.map((e) => e.message).join('\n'));
  return result.plan;
}

const snapshot = org({
  teams: [{ id: 'T1', name: 'Team 1' }],
  accounts: [account('a1', 'T1')],
  participants: [participant('p1')],
  memberships: [{ participantId: 'p1', teamId: 'T1', role: 'KAM', from: '2020-01-01' }],
  assignments: [{ participantId: 'p1', plan: 'Draws', from: '2020-01-01' }],
});

const sale = (id: string, date: string, amountMinor: number): Fact =>
  order(id, date, 'a1', amountMinor, { credits: [{ participantId: 'p1', share: 1 }] });

// Sales per month (USD): Jan 4,000, Feb none, Mar 15,000, Apr 8,000, May 30,000, Jun 5,000,
// Jul 12,000, Aug 2,000. The commission is 10%: earnings 400, 0, 1,500, 800, 3,000, 500, 1,200, 200.
const sales: Fact[] = [
  sale('o-jan', '2026-01-15', 400_000),
  sale('o-mar', '2026-03-10', 1_500_000),
  sale('o-apr', '2026-04-10', 800_000),
  sale('o-may', '2026-05-10', 3_000_000),
  sale('o-jun', '2026-06-10', 500_000),
  sale('o-jul', '2026-07-10', 1_200_000),
  sale('o-aug', '2026-08-10', 200_000),
];
const months = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08'];

/** [period, draw top-up, recovery line, closing balance, total] per statement, in minor units. */
function ledger(statements: readonly Statement[]) {
  return statements.map((s) => [
    s.periodId,
    s.lines.find((l) => l.kind === 'draw')?.amountMinor ?? 0,
    s.lines.find((l) => l.kind === 'draw-recovery')?.amountMinor ?? 0,
    s.draw?.closingBalanceMinor ?? null,
    s.totalMinor,
  ]);
}

describe('draws', () => {
  it('tops up a recoverable draw for six months, recovers it from earnings above the minimum and carries the balance', () => {
    const plan = planWith('draw 1,000 per month, recoverable, from 2026-01 to 2026-06');
    const run = calculateStatements({ plan, periods: months, org: snapshot, facts: sales });
    // Jan: 400 earned, topped up by 600 to 1,000; balance 600.
    // Feb: 0 earned, topped up by 1,000; balance 1,600.
    // Mar: 1,500 earned, 500 above the minimum recovered; balance 1,100; pays 1,000.
    // Apr: 800 earned, topped up by 200; balance 1,300.
    // May: 3,000 earned, 2,000 above the minimum, the whole 1,300 recovered; balance 0; pays 1,700.
    // Jun: 500 earned, topped up by 500; balance 500.
    // Jul (after the draw): no minimum; 500 recovered from the 1,200 earned; balance 0; pays 700.
    // Aug: nothing left to recover, no draw: pays the 200 earned.
    expect(ledger(run.statements)).toEqual([
      ['2026-01', 60_000, 0, 60_000, 100_000],
      ['2026-02', 100_000, 0, 160_000, 100_000],
      ['2026-03', 0, -50_000, 110_000, 100_000],
      ['2026-04', 20_000, 0, 130_000, 100_000],
      ['2026-05', 0, -130_000, 0, 170_000],
      ['2026-06', 50_000, 0, 50_000, 100_000],
      ['2026-07', 0, -50_000, 0, 70_000],
      ['2026-08', 0, 0, null, 20_000],
    ]);
    // Over the eight months the draw nets out: 7,600 earned = 7,600 paid (2,300 drawn, 2,300 recovered).
    expect(run.statements.reduce((sum, s) => sum + s.totalMinor, 0)).toBe(760_000);
    for (const s of run.statements)
      expect(s.totalMinor).toBe(s.lines.reduce((sum, l) => sum + l.amountMinor, 0));
  });

  it('states earnings, minimum, top-up and balance on the statement and in the line explanations', () => {
    const plan = planWith('draw 1,000 per month, recoverable, from 2026-01 to 2026-06');
    const run = calculateStatements({
      plan,
      periods: ['2026-01', '2026-02', '2026-03'],
      org: snapshot,
      facts: sales,
    });
    const march = run.statements[2]!;
    expect(march.draw).toEqual({
      label: 'draw 1,000 per month, recoverable, from 2026-01 to 2026-06',
      recoverable: true,
      earningsMinor: 150_000,
      minimumMinor: 100_000,
      openingBalanceMinor: 160_000,
      topUpMinor: 0,
      recoveredMinor: 50_000,
      closingBalanceMinor: 110_000,
    });
    const recovery = march.lines.find((l) => l.kind === 'draw-recovery')!;
    expect(recovery.component).toBe('draw recovery');
    const text = renderExplanation(recovery.explanation, 'USD');
    expect(text).toContain(
      '500.00 USD of the 1,600.00 USD balance recovered from the 500.00 USD earned above the minimum',
    );
    expect(text).toContain('balance carried out = 1,100.00 USD');
    const topUp = run.statements[0]!.lines.find((l) => l.kind === 'draw')!;
    expect(renderExplanation(topUp.explanation, 'USD')).toContain(
      'earnings of 400.00 USD topped up by 600.00 USD',
    );
  });

  it('recovers at most the limit per period, and nothing before the start of recovery', () => {
    const plan = planWith(
      'draw 1,000 per month, recoverable, from 2026-01 to 2026-06, recovery from 2026-04, recovery capped at 400 per month',
    );
    const run = calculateStatements({ plan, periods: months.slice(0, 7), org: snapshot, facts: sales });
    // Jan: top-up 600 (balance 600). Feb: top-up 1,000 (1,600).
    // Mar: 1,500 earned, but recovery starts in April: pays 1,500, balance stays 1,600.
    // Apr: top-up 200 (1,800). May: 2,000 above the minimum, at most 400 recovered (1,400); pays 2,600.
    // Jun: top-up 500 (1,900). Jul: 1,200 earned, 400 recovered (1,500); pays 800.
    expect(ledger(run.statements)).toEqual([
      ['2026-01', 60_000, 0, 60_000, 100_000],
      ['2026-02', 100_000, 0, 160_000, 100_000],
      ['2026-03', 0, 0, 160_000, 150_000],
      ['2026-04', 20_000, 0, 180_000, 100_000],
      ['2026-05', 0, -40_000, 140_000, 260_000],
      ['2026-06', 50_000, 0, 190_000, 100_000],
      ['2026-07', 0, -40_000, 150_000, 80_000],
    ]);
  });

  it('pays a guarantee that is not recoverable and never recovers it', () => {
    const plan = planWith('draw 1,000 per month, not recoverable, from 2026-01 to 2026-03');
    const run = calculateStatements({ plan, periods: months.slice(0, 4), org: snapshot, facts: sales });
    // Jan: 400 topped up by 600 to 1,000. Feb: 0 topped up by 1,000. Mar: 1,500, above the
    // guarantee: nothing recovered, pays 1,500. Apr: after the guarantee, pays the 800 earned.
    expect(ledger(run.statements)).toEqual([
      ['2026-01', 60_000, 0, 0, 100_000],
      ['2026-02', 100_000, 0, 0, 100_000],
      ['2026-03', 0, 0, 0, 150_000],
      ['2026-04', 0, 0, null, 80_000],
    ]);
  });

  it('carries the balance of the stored runs it is given, not a recomputation of their periods', () => {
    const plan = planWith('draw 1,000 per month, recoverable, from 2026-01 to 2026-06');
    // January and February as calculated (and approved) at the time: top-ups 600 and 1,000.
    const paid = calculateStatements({ plan, periods: ['2026-01', '2026-02'], org: snapshot, facts: sales });
    const history: PaidRun[] = paid.statements.map((s) => ({
      runId: `run-${s.periodId}`,
      planName: 'Draws',
      periodId: s.periodId,
      statements: [s],
    }));
    // A late change: January's sale becomes 9,000 (earnings 900, a top-up of 100 if recomputed).
    const later = sales.map((f) => (f.id === 'o-jan' ? sale('o-jan', '2026-01-15', 900_000) : f));
    const march = calculateStatements({ plan, period: '2026-03', org: snapshot, facts: later, history });
    // From the stored runs: 600 + 1,000 = 1,600 carried; 500 recovered; 1,100 left.
    expect(march.statements[0]?.draw).toMatchObject({
      openingBalanceMinor: 160_000,
      closingBalanceMinor: 110_000,
    });
    expect(march.statements[0]?.warnings.map((w) => w.code)).not.toContain('draw-balance-computed');
    // Without them the engine computes January and February itself (100 + 1,000 = 1,100 carried), and says so.
    const computed = calculateStatements({ plan, period: '2026-03', org: snapshot, facts: later });
    expect(computed.statements[0]?.draw).toMatchObject({
      openingBalanceMinor: 110_000,
      closingBalanceMinor: 60_000,
    });
    expect(
      computed.statements[0]?.warnings.find((w) => w.code === 'draw-balance-computed')?.message,
    ).toContain('2026-01, 2026-02');
  });

  it('pays back what earlier periods recovered beyond the top-ups', () => {
    const plan = planWith('draw 1,000 per month, recoverable, from 2026-01 to 2026-06');
    // A stored January topped up 600, and a stored February (since recalculated) recovered 800.
    const stored = (periodId: string, kind: 'draw' | 'draw-recovery', amountMinor: number): PaidRun => ({
      runId: `run-${periodId}`,
      planName: 'Draws',
      periodId,
      statements: [
        {
          participantId: 'p1',
          planName: 'Draws',
          periodId,
          currency: 'USD',
          segments: [],
          targetIncentiveMinor: null,
          lines: [
            {
              kind,
              component: kind === 'draw' ? 'draw' : 'draw recovery',
              componentCode: kind === 'draw' ? 'draw' : 'draw recovery',
              amountMinor,
              attainment: null,
              from: `${periodId}-01`,
              to: `${periodId}-28`,
              teamId: null,
              explanation: { label: kind, value: amountMinor, unit: 'money', children: [] },
              warnings: [],
            },
          ],
          adjustments: [],
          warnings: [],
          totalMinor: amountMinor,
        },
      ],
    });
    const run = calculateStatements({
      plan,
      period: '2026-03',
      org: snapshot,
      facts: sales,
      history: [stored('2026-01', 'draw', 60_000), stored('2026-02', 'draw-recovery', -80_000)],
    });
    // Balance 600 - 800 = -200: the 200 recovered too much is paid back; March pays 1,500 + 200.
    const march = run.statements[0]!;
    expect(march.lines.find((l) => l.kind === 'draw-recovery')?.amountMinor).toBe(20_000);
    expect(march.draw).toMatchObject({ openingBalanceMinor: -20_000, closingBalanceMinor: 0 });
    expect(march.totalMinor).toBe(170_000);
  });

  it('a backtest replaying the months in one amounts-only run pays what month-by-month stored runs pay', () => {
    const plan = planWith(
      'draw 1,000 per month, recoverable, from 2026-01 to 2026-06, recovery capped at 400 per month',
    );
    const replay = calculateStatements({
      plan,
      periods: months,
      org: snapshot,
      facts: sales,
      amountsOnly: true,
    });
    // Month by month, each calculation given the runs stored before it, as the API calculates.
    const history: PaidRun[] = [];
    for (const periodId of months) {
      const [statement] = calculateStatements({
        plan,
        period: periodId,
        org: snapshot,
        facts: sales,
        history,
      }).statements;
      history.push({ runId: `run-${periodId}`, planName: 'Draws', periodId, statements: [statement!] });
    }
    expect(ledger(replay.statements)).toEqual(ledger(history.map((run) => run.statements[0]!)));
  });
});

describe('draws in a partial period', () => {
  const joiner = (from: string, to?: string) =>
    org({
      teams: [{ id: 'T1', name: 'Team 1' }],
      accounts: [account('a1', 'T1')],
      participants: [participant('p1')],
      memberships: [{ participantId: 'p1', teamId: 'T1', role: 'KAM', from: '2020-01-01' }],
      assignments: [{ participantId: 'p1', plan: 'Draws', from, ...(to ? { to } : {}) }],
    });

  it('prorates the minimum by the days on the plan for a participant who starts mid-month', () => {
    const plan = planWith('draw 1,000 per month, recoverable, from 2026-01 to 2026-06');
    const run = calculateStatements({
      plan,
      periods: ['2026-01', '2026-02'],
      org: joiner('2026-01-17'),
      facts: [],
    });
    // January: on the plan 17 to 31 January, 15 of 31 days: 1,000.00 x 15/31 = 483.870... -> 483.87
    // (half-even). Nothing earned: topped up by 483.87. February, the whole month: 1,000.00.
    expect(ledger(run.statements)).toEqual([
      ['2026-01', 48_387, 0, 48_387, 48_387],
      ['2026-02', 100_000, 0, 148_387, 100_000],
    ]);
    expect(run.statements[0]?.draw?.minimumMinor).toBe(48_387);
    const topUp = run.statements[0]!.lines.find((l) => l.kind === 'draw')!;
    expect(renderExplanation(topUp.explanation, 'USD')).toContain(
      '1,000.00 USD x 15/31 of the period on the plan (2026-01-17 to 2026-01-31), rounded half-even',
    );
  });

  it('prorates the minimum of a participant who leaves mid-month, with the plan rounding', () => {
    const plan = checkPlan(`plan "Draws"
  period month
  currency USD
  target incentive: annual, not prorated
  rounding half-up
measure sales = sum of order.amount for individual
component "Commission" for individual
  pays 10% of sales
draw 1,000.01 per month, not recoverable, from 2026-01 to 2026-06
`).plan!;
    // On the plan 1 to 15 April, 15 of 30 days: 100,001 x 15/30 = 50,000.5 cents -> 50,001 by the
    // plan's half-up (half-even would give 50,000); 1 to 10 June, 10 of 30 days: 100,001 x 10/30 =
    // 33,333.67 cents -> 33,334.
    const april = calculateStatements({
      plan,
      period: '2026-04',
      org: joiner('2026-01-01', '2026-04-15'),
      facts: [],
    });
    expect(april.statements[0]?.draw?.minimumMinor).toBe(50_001);
    const june = calculateStatements({
      plan,
      period: '2026-06',
      org: joiner('2026-06-01', '2026-06-10'),
      facts: [],
    });
    expect(june.statements[0]?.draw?.minimumMinor).toBe(33_334);
    expect(june.statements[0]?.totalMinor).toBe(33_334);
  });
});
