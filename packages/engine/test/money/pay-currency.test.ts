/**
 * Pay currency and dated exchange rates: a EUR plan paying a US rep in USD, each line converted
 * at the rate of the fact's date or of the payment date, and rates that keep their dates.
 */
import { checkPlan, renderExplanation } from '@attain/rules';
import { describe, expect, it } from 'vitest';
import type { Fact } from '../../src/model/fact.js';
import type { OrgSnapshot } from '../../src/model/org.js';
import type { FxRates } from '../../src/money/fx.js';
import { rateOn } from '../../src/money/fx.js';
import { calculateStatements } from '../../src/statements/calculate-statements.js';
import { account, order, org, participant } from '../helpers/org.js';

const planText = (conversion: string) => `plan "EU commissions"
  period quarter
  currency EUR
  target incentive: annual, not prorated
${conversion}
measure revenue = sum of order.amount for individual

component "Commission" for individual
  pays 5% of revenue
`;

const plan = (conversion: string) => {
  const checked = checkPlan(planText(conversion));
  expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return checked.plan!;
};

const orgOf = (payCurrency = 'USD'): OrgSnapshot =>
  org({
    teams: [{ id: 'T', name: 'T' }],
    accounts: [account('a1', 'T')],
    participants: [participant('p-us', { currency: payCurrency, annualTargetIncentiveMinor: null })],
    memberships: [{ participantId: 'p-us', teamId: 'T', role: 'KAM', from: '2020-01-01' }],
    assignments: [{ participantId: 'p-us', plan: 'EU commissions', from: '2020-01-01' }],
  });

/** The €2,000 invoice of the issue, dated 10 February 2026, wholly the rep's. */
const invoice = (id = 'inv-1', date = '2026-02-10', amount = 200_000): Fact =>
  order(id, date, 'a1', amount, { currency: 'EUR', credits: [{ participantId: 'p-us', share: 1 }] });

// EUR/USD 1.08 from 1 February 2026 (so on the invoice date), 1.10 from 1 March (so on the
// quarter's last day, the payment date 2026-03-31).
const rates: FxRates = {
  'EUR/USD': {
    dated: [
      { from: '2026-02-01', rate: 1.08 },
      { from: '2026-03-01', rate: 1.1 },
    ],
  },
};

describe('a line paid in the participant’s currency', () => {
  it('pays the €100 of a €2,000 invoice at 5% as $108.00 at the invoice date’s rate of 1.08', () => {
    const run = calculateStatements({
      plan: plan('  convert to pay currency at fact date'),
      period: '2026-Q1',
      org: orgOf(),
      facts: [invoice()],
      fxRates: rates,
    });
    expect(run.errors).toEqual([]);
    const statement = run.statements[0]!;
    const line = statement.lines[0]!;
    // 5% of 2,000.00 EUR = 100.00 EUR; x 1.08 (the rate from 2026-02-01, in force on the invoice's
    // 2026-02-10) = 108.00 USD.
    expect(line.amountMinor).toBe(10_000);
    expect(line.pay).toMatchObject({ currency: 'USD', amountMinor: 10_800, rate: 1.08, at: 'fact date' });
    expect(line.pay?.rates).toEqual([{ on: '2026-02-10', rate: 1.08, rateFrom: '2026-02-01', share: 1 }]);
    expect(statement.currency).toBe('EUR');
    expect(statement.totalMinor).toBe(10_000);
    expect(statement.pay).toEqual({
      currency: 'USD',
      totalMinor: 10_800,
      conversion: 'fact date',
      paymentDate: '2026-03-31',
    });
    expect(renderExplanation(line.explanation, 'EUR')).toContain(
      '100.00 EUR converted at EUR/USD 1.08 from 2026-02-01 on the fact date 2026-02-10 = 108.00 USD',
    );
  });

  it('pays the same €100 as $110.00 at the payment date’s rate when the plan converts at the payment date', () => {
    const run = calculateStatements({
      plan: plan('  convert to pay currency at payment date'),
      period: '2026-Q1',
      org: orgOf(),
      facts: [invoice()],
      fxRates: rates,
    });
    expect(run.errors).toEqual([]);
    const line = run.statements[0]!.lines[0]!;
    // 100.00 EUR x 1.10 (the rate from 2026-03-01, in force on the payment date 2026-03-31) = 110.00 USD.
    expect(line.pay).toMatchObject({ amountMinor: 11_000, rate: 1.1, at: 'payment date' });
    expect(line.pay?.rates).toEqual([{ on: '2026-03-31', rate: 1.1, rateFrom: '2026-03-01', share: 1 }]);
  });

  it('converts a line over invoices of two dates at each date’s rate and rounds the line once, half-even', () => {
    // 5% of (1,000.05 EUR on 2026-02-10 + 1,000.05 EUR on 2026-03-10) = 5% of 2,000.10 = 100.005 EUR,
    // rounded half-even to 100.00 EUR (the line in the plan currency). In USD: half of the line
    // (50.00 EUR) at 1.08 = 54.00 and half at 1.10 = 55.00: 109.00 USD.
    const run = calculateStatements({
      plan: plan('  convert to pay currency at fact date'),
      period: '2026-Q1',
      org: orgOf(),
      facts: [invoice('inv-1', '2026-02-10', 100_005), invoice('inv-2', '2026-03-10', 100_005)],
      fxRates: rates,
    });
    expect(run.errors).toEqual([]);
    const statement = run.statements[0]!;
    expect(statement.lines[0]!.amountMinor).toBe(10_000);
    expect(statement.lines[0]!.pay).toMatchObject({ amountMinor: 10_900, at: 'fact date' });
    // The average rate, weighted by amount: (50 x 1.08 + 50 x 1.10) / 100 = 1.09.
    expect(statement.lines[0]!.pay?.rate).toBeCloseTo(1.09, 12);
    expect(statement.pay?.totalMinor).toBe(10_900);
  });

  it('keeps an old period’s amounts when a later rate is added', () => {
    const input = {
      plan: plan('  convert to pay currency at fact date'),
      period: '2026-Q1',
      org: orgOf(),
      facts: [invoice()],
    };
    const before = calculateStatements({ ...input, fxRates: rates });
    // A rate from 1 June 2026 is added; the rates the quarter used are kept beside it.
    const later: FxRates = {
      'EUR/USD': {
        dated: [...(rates['EUR/USD'] as { dated: [] }).dated, { from: '2026-06-01', rate: 1.25 }],
      },
    };
    const after = calculateStatements({ ...input, fxRates: later });
    expect(after.statements[0]!.lines[0]!.pay?.amountMinor).toBe(10_800);
    expect(after.statements[0]!.pay).toEqual(before.statements[0]!.pay);
  });

  it('fails the run naming the pair and the date when no rate applies on the fact’s date', () => {
    const run = calculateStatements({
      plan: plan('  convert to pay currency at fact date'),
      period: '2026-Q1',
      org: orgOf(),
      facts: [invoice('inv-0', '2026-01-20')],
      fxRates: rates,
    });
    expect(run.errors).toEqual([
      expect.objectContaining({
        code: 'missing-fx-rate',
        pair: 'EUR/USD',
        date: '2026-01-20',
        participantId: 'p-us',
      }),
    ]);
    expect(run.errors[0]!.message).toContain(
      'there is no EUR/USD rate on 2026-01-20 (its first rate is from 2026-02-01)',
    );
    expect(run.statements[0]!.pay).toBeUndefined();
  });

  it('leaves the statement in the plan currency and warns when the plan does not say when money converts', () => {
    const run = calculateStatements({
      plan: plan(''),
      period: '2026-Q1',
      org: orgOf(),
      facts: [invoice()],
      fxRates: rates,
    });
    const statement = run.statements[0]!;
    expect(statement.pay).toBeUndefined();
    expect(statement.lines[0]!.pay).toBeUndefined();
    expect(statement.warnings.map((w) => w.code)).toContain('pay-conversion-unstated');
  });

  it('converts nothing for a participant paid in the plan currency', () => {
    const run = calculateStatements({
      plan: plan('  convert to pay currency at fact date'),
      period: '2026-Q1',
      org: orgOf('EUR'),
      facts: [invoice()],
      fxRates: rates,
    });
    expect(run.errors).toEqual([]);
    expect(run.statements[0]!.pay).toBeUndefined();
    expect(run.statements[0]!.warnings.map((w) => w.code)).not.toContain('pay-conversion-unstated');
  });
});

describe('dated exchange rates', () => {
  const pair = {
    'EUR/USD': {
      standing: 1.05,
      dated: [
        { from: '2026-03-01', rate: 1.1 },
        { from: '2026-02-01', rate: 1.08 },
      ],
    },
  };

  it('apply from their day until the day before the next, and a standing rate before the first', () => {
    expect(rateOn(pair, 'EUR/USD', '2026-01-31')).toEqual({ rate: 1.05, from: null });
    expect(rateOn(pair, 'EUR/USD', '2026-02-01')).toEqual({ rate: 1.08, from: '2026-02-01' });
    expect(rateOn(pair, 'EUR/USD', '2026-02-28')).toEqual({ rate: 1.08, from: '2026-02-01' });
    expect(rateOn(pair, 'EUR/USD', '2026-03-01')).toEqual({ rate: 1.1, from: '2026-03-01' });
    expect(rateOn(pair, 'USD/EUR', '2026-03-01')).toBeUndefined();
  });

  it('convert each fact into the plan currency at the rate of its own date', () => {
    // A USD plan reading two EUR orders of 1,000.00: 1,080.00 USD on 2026-02-10, 1,100.00 USD on
    // 2026-03-10; 5% of 2,180.00 = 109.00 USD.
    const usdPlan = checkPlan(
      planText('').replace('currency EUR', 'currency USD').replace('EU commissions', 'US commissions'),
    ).plan!;
    const run = calculateStatements({
      plan: usdPlan,
      period: '2026-Q1',
      org: {
        ...orgOf(),
        assignments: [{ participantId: 'p-us', plan: 'US commissions', from: '2020-01-01' }],
      },
      facts: [invoice('inv-1', '2026-02-10', 100_000), invoice('inv-2', '2026-03-10', 100_000)],
      fxRates: rates,
    });
    expect(run.errors).toEqual([]);
    expect(run.statements[0]!.totalMinor).toBe(10_900);
  });
});

describe('a clawback paid in the participant’s currency', () => {
  const clawbackPlan = (conversion: string) => {
    const checked = checkPlan(
      `${planText(conversion)}\nclaw back 100% of "Commission" on churn within 180 days\n`,
    );
    expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    return checked.plan!;
  };
  // The account churns on 2026-04-15, 64 days after the invoice: Q2 takes the €100.00 back.
  const churn: Fact = {
    id: 'churn-1',
    kind: 'churn',
    date: '2026-04-15',
    accountId: 'a1',
    currency: 'EUR',
    amount: 1,
    productLine: 'Core',
  };
  // And a rate of 1.25 from 1 June 2026, in force on Q2's payment date 2026-06-30; 1.05 for the
  // quarters the engine computes back over the clawback window (they pay nothing).
  const withJune: FxRates = {
    'EUR/USD': {
      dated: [
        { from: '2025-01-01', rate: 1.05 },
        { from: '2026-02-01', rate: 1.08 },
        { from: '2026-03-01', rate: 1.1 },
        { from: '2026-06-01', rate: 1.25 },
      ],
    },
  };

  it('takes a deal back under fact date at the rate it was paid at, so the two net to zero in USD', () => {
    const run = calculateStatements({
      plan: clawbackPlan('  convert to pay currency at fact date'),
      periods: ['2026-Q1', '2026-Q2'],
      org: orgOf(),
      facts: [invoice(), churn],
      fxRates: withJune,
    });
    expect(run.errors).toEqual([]);
    const q1 = run.statements.find((s) => s.periodId === '2026-Q1');
    const q2 = run.statements.find((s) => s.periodId === '2026-Q2');
    // Q1: 5% of 2,000.00 EUR = 100.00 EUR at 1.08 (2026-02-10) = 108.00 USD.
    expect(q1!.pay?.totalMinor).toBe(10_800);
    const clawback = q2!.lines.find((l) => l.kind === 'clawback')!;
    // Q2: -100.00 EUR at the rate Q1's line was paid at, 10,800 / 10,000 = 1.08: -108.00 USD,
    // not -125.00 USD at the payment date's 1.25.
    expect(clawback.amountMinor).toBe(-10_000);
    expect(clawback.pay).toEqual({
      currency: 'USD',
      amountMinor: -10_800,
      rate: 1.08,
      at: 'clawed-back rate',
      rates: [],
    });
    expect(q1!.pay!.totalMinor + q2!.pay!.totalMinor).toBe(0);
    expect(renderExplanation(clawback.explanation, 'EUR')).toContain(
      'converted at the rate the line it reverses was paid at in 2026-Q1, EUR/USD 1.08 (100.00 EUR paid as 108.00 USD) = -108.00 USD, rounded half-even',
    );
  });

  it('takes a deal back under payment date at the rate of the payment date that takes it back', () => {
    const run = calculateStatements({
      plan: clawbackPlan('  convert to pay currency at payment date'),
      periods: ['2026-Q1', '2026-Q2'],
      org: orgOf(),
      facts: [invoice(), churn],
      fxRates: withJune,
    });
    const q2 = run.statements.find((s) => s.periodId === '2026-Q2');
    const clawback = q2!.lines.find((l) => l.kind === 'clawback')!;
    // -100.00 EUR at 1.25 (in force on 2026-06-30) = -125.00 USD, as the plan says.
    expect(clawback.pay).toMatchObject({ amountMinor: -12_500, rate: 1.25, at: 'payment date' });
  });
});
