import { type CompiledPlan, checkPlan, renderExplanation } from '@attain/rules';
import { describe, expect, it } from 'vitest';
import type { Fact } from '../../src/model/fact.js';
import { calculateStatements } from '../../src/statements/calculate-statements.js';
import type { PaidRun } from '../../src/statements/statement.js';
import { account, order, org, participant } from '../helpers/org.js';

function compile(text: string): CompiledPlan {
  const result = checkPlan(text);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (!result.plan || errors.length > 0) throw new Error(errors.map((e) => e.message).join('\n'));
  return result.plan;
}

/** A monthly commission of 10% of the participant's sales, paid once the deal's invoice is paid. */
const plan = compile(`plan "Holds"
  period month
  currency USD
  target incentive: annual, not prorated
measure sales = sum of order.amount for individual
component "Commission" for individual
  pays 10% of sales
hold "Commission" until payment
`);

const snapshot = org({
  teams: [{ id: 'T1', name: 'Team 1' }],
  accounts: [account('a1', 'T1')],
  participants: [participant('p1')],
  memberships: [{ participantId: 'p1', teamId: 'T1', role: 'KAM', from: '2020-01-01' }],
  assignments: [{ participantId: 'p1', plan: 'Holds', from: '2020-01-01' }],
});

const sale = (id: string, date: string, amountMinor: number): Fact =>
  order(id, date, 'a1', amountMinor, { credits: [{ participantId: 'p1', share: 1 }] });
const payment = (id: string, date: string, dealId: string, amountMinor: number): Fact =>
  ({ id, kind: 'payment', date, accountId: 'a1', currency: 'USD', amount: amountMinor, dealId }) as Fact;

// January: o1 10,000.00 and o2 5,000.00 (commission 1,000.00 and 500.00); o2 is paid on
// 2026-01-20, o1 only on 2026-03-05. February: o3 2,000.00 (200.00), never paid.
const facts: Fact[] = [
  sale('o1', '2026-01-10', 1_000_000),
  sale('o2', '2026-01-12', 500_000),
  payment('pay-o2', '2026-01-20', 'o2', 500_000),
  sale('o3', '2026-02-10', 200_000),
  payment('pay-o1', '2026-03-05', 'o1', 1_000_000),
];
const months = ['2026-01', '2026-02', '2026-03', '2026-04'];

describe('holds', () => {
  it('holds a commission until its invoice is paid and releases it two periods later', () => {
    const run = calculateStatements({ plan, periods: months, org: snapshot, facts });
    const rows = run.statements.map((s) => [
      s.periodId,
      s.lines.map((l) => [l.kind, l.amountMinor]),
      s.totalMinor,
      s.holds?.outstanding.map((d) => [d.dealId, d.periodId, d.amountMinor]),
    ]);
    expect(rows).toEqual([
      // January: 1,500.00 earned; o2 is paid in January, o1 (1,000.00) is held; pays 500.00.
      [
        '2026-01',
        [
          ['payout', 150_000],
          ['hold', -100_000],
        ],
        50_000,
        [['o1', '2026-01', 100_000]],
      ],
      // February: o3's 200.00 is held too; pays 0.
      [
        '2026-02',
        [
          ['payout', 20_000],
          ['hold', -20_000],
        ],
        0,
        [
          ['o1', '2026-01', 100_000],
          ['o3', '2026-02', 20_000],
        ],
      ],
      // March: o1's invoice is paid on 2026-03-05: the 1,000.00 held in January is released.
      [
        '2026-03',
        [
          ['payout', 0],
          ['release', 100_000],
        ],
        100_000,
        [['o3', '2026-02', 20_000]],
      ],
      // April: o3 is still held, and stays visible.
      ['2026-04', [['payout', 0]], 0, [['o3', '2026-02', 20_000]]],
    ]);
    // Over the four months 1,700.00 was earned; 1,500.00 was paid and 200.00 is still held.
    expect(run.statements.reduce((sum, s) => sum + s.totalMinor, 0)).toBe(150_000);
    expect(run.statements[2]?.holds).toMatchObject({ heldMinor: 0, releasedMinor: 100_000 });
    const release = run.statements[2]!.lines.find((l) => l.kind === 'release')!;
    expect(renderExplanation(release.explanation, 'USD')).toContain(
      'deal o1, held in 2026-01 = 1,000.00 USD (payment on 2026-03-05: 1,000.00 USD released)',
    );
  });

  it('releases what the stored run of an earlier period held, as it was held there', () => {
    // January as stored: o1 held at 1,000.00. A later calculation of March reads it from the run.
    const january = calculateStatements({ plan, period: '2026-01', org: snapshot, facts });
    const history: PaidRun[] = [
      { runId: 'run-jan', planName: 'Holds', periodId: '2026-01', statements: january.statements },
    ];
    const march = calculateStatements({ plan, period: '2026-03', org: snapshot, facts, history });
    // February was never stored: computed, it holds o3's 200.00; March releases o1's 1,000.00.
    expect(march.statements[0]?.lines.find((l) => l.kind === 'release')?.amountMinor).toBe(100_000);
    expect(march.statements[0]?.holds?.outstanding.map((d) => d.dealId)).toEqual(['o3']);
  });

  it('holds in an amounts-only run too, with the same cents', () => {
    const full = calculateStatements({ plan, periods: months, org: snapshot, facts });
    const bulk = calculateStatements({ plan, periods: months, org: snapshot, facts, amountsOnly: true });
    expect(bulk.statements.map((s) => s.totalMinor)).toEqual(full.statements.map((s) => s.totalMinor));
  });
});

describe('holds that wait long, and held deals that churn', () => {
  /** Every month from `first` through `last`, as period ids. */
  const monthsFrom = (first: string, last: string): string[] => {
    const out: string[] = [];
    let [year, month] = first.split('-').map(Number) as [number, number];
    for (let id = first; id <= last; ) {
      out.push(id);
      month += 1;
      if (month > 12) {
        month = 1;
        year += 1;
      }
      id = `${year}-${String(month).padStart(2, '0')}`;
    }
    return out;
  };

  it('releases a deal held for more than two years when its payment arrives', () => {
    // o-old earns 1,000.00 (10% of 10,000.00) in 2023-01 and is paid only on 2026-01-15, 36 months later.
    const longFacts: Fact[] = [
      sale('o-old', '2023-01-10', 1_000_000),
      payment('pay-old', '2026-01-15', 'o-old', 1_000_000),
    ];
    const stored = calculateStatements({
      plan,
      periods: monthsFrom('2023-01', '2025-12'),
      org: snapshot,
      facts: longFacts,
    });
    // As the API does, the calculation of 2026-01 is given the stored runs of the periods it reads only.
    const history: PaidRun[] = monthsFrom('2024-01', '2025-12').map((periodId) => ({
      runId: `run-${periodId}`,
      planName: 'Holds',
      periodId,
      statements: stored.statements.filter((s) => s.periodId === periodId),
    }));
    const january = calculateStatements({
      plan,
      period: '2026-01',
      org: snapshot,
      facts: longFacts,
      history,
    });
    const statement = january.statements[0]!;
    expect(statement.lines.map((l) => [l.kind, l.amountMinor])).toEqual([
      ['payout', 0],
      ['release', 100_000],
    ]);
    expect(statement.totalMinor).toBe(100_000);
    expect(statement.holds?.outstanding).toEqual([]);
  });

  const heldAndClawedBack = compile(`plan "Holds"
  period month
  currency USD
  target incentive: annual, not prorated
measure sales = sum of order.amount for individual
component "Commission" for individual
  pays 10% of sales
hold "Commission" until payment
claw back 100% of "Commission" on churn within 180 days
`);
  const churn = (id: string, date: string, dealId: string): Fact =>
    ({ id, kind: 'churn', date, accountId: 'a1', dealId }) as Fact;

  it('cancels the hold of a held deal that churns instead of clawing back pay never paid', () => {
    // January: o1 (1,000.00) and o2 (500.00) earned; o2 paid in January, o1 held. February: o1's
    // customer churns before paying: nothing of o1 was paid, so nothing is taken back; its hold ends.
    const churnFacts: Fact[] = [
      sale('o1', '2026-01-10', 1_000_000),
      sale('o2', '2026-01-12', 500_000),
      payment('pay-o2', '2026-01-20', 'o2', 500_000),
      churn('c1', '2026-02-05', 'o1'),
      payment('pay-o1', '2026-03-05', 'o1', 1_000_000),
    ];
    const run = calculateStatements({
      plan: heldAndClawedBack,
      periods: ['2026-01', '2026-02', '2026-03'],
      org: snapshot,
      facts: churnFacts,
    });
    const [january, february, march] = run.statements;
    // January pays 1,500.00 - 1,000.00 held = 500.00.
    expect(january?.totalMinor).toBe(50_000);
    // February: no clawback line, a release of 0 that cancels o1's hold; pays 0.
    expect(february?.lines.map((l) => [l.kind, l.amountMinor, l.transactions?.factIds])).toEqual([
      ['payout', 0, []],
      ['release', 0, ['o1']],
    ]);
    expect(february?.totalMinor).toBe(0);
    expect(february?.holds?.outstanding).toEqual([]);
    const cancel = february!.lines.find((l) => l.kind === 'release')!;
    expect(renderExplanation(cancel.explanation, 'USD')).toContain(
      '1,000.00 USD held, cancelled by its clawback',
    );
    // A payment that still comes later releases nothing: the hold was cancelled.
    expect(march?.lines.map((l) => [l.kind, l.amountMinor])).toEqual([['payout', 0]]);
  });

  it('still claws back a deal that was paid before it churned', () => {
    // o2 (500.00) was paid in January; it churns in February: 100% of 500.00 comes back.
    const facts2: Fact[] = [
      sale('o2', '2026-01-12', 500_000),
      payment('pay-o2', '2026-01-20', 'o2', 500_000),
      churn('c2', '2026-02-05', 'o2'),
    ];
    const run = calculateStatements({
      plan: heldAndClawedBack,
      periods: ['2026-01', '2026-02'],
      org: snapshot,
      facts: facts2,
    });
    expect(run.statements[1]?.lines.map((l) => [l.kind, l.amountMinor])).toEqual([
      ['payout', 0],
      ['clawback', -50_000],
    ]);
  });
});
