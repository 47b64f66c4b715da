/**
 * End to end with real plan text: a curve read per deal and a SPIFF per strategic win, over
 * credited and shared deals. Every amount is worked out by hand in the comments.
 */
import { checkPlan } from '@attain/rules';
import { describe, expect, it } from 'vitest';
import type { Fact } from '../../src/model/fact.js';
import { calculateStatements } from '../../src/statements/calculate-statements.js';
import { account, order, org, participant } from '../helpers/org.js';

const text = `plan "Deals"
  period quarter
  currency USD
  target incentive: annual, not prorated

measure sales = sum of order.amount for individual

component "Deal commission" for individual
  pays curve on sales, per deal:
    below 10,000: 0%
    from 10,000 up to 100,000: 2% to 4%
    from 100,000: 5%

component "Strategic SPIFF" for individual
  pays 500 per deal where strategic and won
  capped at 1,200
`;
const { plan, diagnostics } = checkPlan(text);

const snapshot = org({
  teams: [{ id: 'T1', name: 'Team 1' }],
  accounts: [account('a1', 'T1')],
  participants: [participant('p1'), participant('p2')],
  memberships: [
    { participantId: 'p1', teamId: 'T1', role: 'KAM', from: '2020-01-01' },
    { participantId: 'p2', teamId: 'T1', role: 'AE', from: '2020-01-01' },
  ],
  assignments: [
    { participantId: 'p1', plan: 'Deals', from: '2020-01-01' },
    { participantId: 'p2', plan: 'Deals', from: '2020-01-01' },
  ],
});

const credited = (shares: Record<string, number>) => ({
  credits: Object.entries(shares).map(([participantId, share]) => ({ participantId, share })),
});
const win = (id: string, date: string, strategic: boolean, shares: Record<string, number>): Fact =>
  ({
    id,
    kind: 'opportunity',
    date,
    accountId: 'a1',
    currency: 'USD',
    amount: 1_000_000,
    won: true,
    strategic,
    productLine: 'Core',
    ...credited(shares),
  }) as Fact;

const facts: Fact[] = [
  // p1's own deals: 5,000.00 (below 10,000: 0) and 55,000.00 (3%: 1,650.00)
  order('o1', '2025-01-10', 'a1', 500_000, credited({ p1: 1 })),
  order('o2', '2025-02-10', 'a1', 5_500_000, credited({ p1: 1 })),
  // 400,000.00 shared half and half: each is credited 200,000.00, from 100,000: 5% = 10,000.00
  order('o3', '2025-03-10', 'a1', 40_000_000, credited({ p1: 0.5, p2: 0.5 })),
  // strategic wins: p1 has three (one shared with p2), p2 one; a non-strategic win counts for nobody
  win('w1', '2025-01-20', true, { p1: 1 }),
  win('w2', '2025-02-20', true, { p1: 1 }),
  win('w3', '2025-03-20', true, { p1: 0.5, p2: 0.5 }),
  win('w4', '2025-03-21', false, { p2: 1 }),
];

describe('curves per deal and SPIFFs over credited deals', () => {
  const run = calculateStatements({ plan: plan!, periods: ['2025-Q1'], org: snapshot, facts });
  const statement = (id: string) => run.statements.find((s) => s.participantId === id)!;
  const amounts = (id: string) => statement(id).lines.map((l) => [l.component, l.amountMinor]);

  it('compiles', () => {
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(run.errors).toEqual([]);
  });

  it('reads the curve at each credited deal and pays each deal its tier', () => {
    // p1: 0 + 1,650.00 + 10,000.00 = 11,650.00; p2: 10,000.00 on its half of o3
    expect(amounts('p1')[0]).toEqual(['Deal commission', 1_165_000]);
    expect(amounts('p2')[0]).toEqual(['Deal commission', 1_000_000]);
  });

  it('pays the SPIFF per strategic win, a shared win counting for each, capped per period', () => {
    // p1: 3 wins x 500.00 = 1,500.00, capped at 1,200.00; p2: 1 (the shared w3) x 500.00 = 500.00
    expect(amounts('p1')[1]).toEqual(['Strategic SPIFF', 120_000]);
    expect(amounts('p2')[1]).toEqual(['Strategic SPIFF', 50_000]);
  });

  it('gives the bulk evaluation the same cents', () => {
    const bulk = calculateStatements({
      plan: plan!,
      periods: ['2025-Q1'],
      org: snapshot,
      facts,
      amountsOnly: true,
    });
    expect(bulk.statements.map((s) => s.totalMinor)).toEqual(run.statements.map((s) => s.totalMinor));
  });
});
