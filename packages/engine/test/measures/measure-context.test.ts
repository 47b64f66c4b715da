import type { FactAggregate, FactList } from '@attain/rules';
import { describe, expect, it } from 'vitest';
import { buildFactColumns } from '../../src/facts/fact-columns.js';
import { MeasureContext, type MeasureSubject } from '../../src/measures/measure-context.js';
import type { Fact } from '../../src/model/fact.js';
import { parsePeriod, windowRange } from '../../src/periods/period.js';
import { account, order, org, participant } from '../helpers/org.js';
import { orderRevenue } from '../helpers/test-plan.js';

const snapshot = org({
  teams: [
    { id: 'T1', name: 'Team 1' },
    { id: 'T2', name: 'Team 2' },
  ],
  accounts: [
    account('a1', 'T1', { geography: 'EMEA', vertical: 'Retail' }),
    account('a2', 'T1', { geography: 'APAC', vertical: 'Retail' }),
    account('a3', 'T2', { geography: 'EMEA', vertical: 'Energy' }),
  ],
  participants: [
    participant('p1', { geography: 'EMEA', vertical: 'Retail' }),
    participant('p2', { geography: 'APAC', vertical: 'Energy' }),
    participant('p3', { geography: 'EMEA', vertical: 'Energy' }),
  ],
  memberships: [
    { participantId: 'p1', teamId: 'T1', role: 'KAM', from: '2020-01-01' },
    { participantId: 'p2', teamId: 'T1', role: 'AE', from: '2020-01-01' },
    { participantId: 'p3', teamId: 'T2', role: 'KAM', from: '2020-01-01' },
  ],
});

const facts: Fact[] = [
  order('o1', '2025-01-10', 'a1', 10_000, {
    productLine: 'Cloud',
    credits: [
      { participantId: 'p1', share: 1 / 3 },
      { participantId: 'p2', share: 1 / 3 },
      { participantId: 'p3', share: 1 / 3 },
    ],
  }),
  order('o2', '2025-02-20', 'a2', 50_000, { credits: [{ participantId: 'p2', share: 1 }] }),
  order('o3', '2025-03-31', 'a3', 20_000),
  // The day after Q1 ends: never part of Q1.
  order('o4', '2025-04-01', 'a1', 99_999, { credits: [{ participantId: 'p1', share: 1 }] }),
  order('o5', '2024-01-15', 'a1', 40_000),
  { id: 's1', kind: 'survey', date: '2025-02-01', accountId: 'a1', score: 4 },
  { id: 's2', kind: 'survey', date: '2025-03-01', accountId: 'a2', score: 5 },
  { id: 's3', kind: 'survey', date: '2025-03-01', accountId: 'a3', score: 3 },
];

const q1 = parsePeriod('2025-Q1')!;
const context = () => new MeasureContext(buildFactColumns(facts), snapshot, {});
const subject = (participantId: string, teamId: string | null): MeasureSubject => {
  const p = snapshot.participants.find((x) => x.id === participantId)!;
  return { participantId, teamId, geography: p.geography, vertical: p.vertical };
};
const value = (aggregate: FactAggregate, who: MeasureSubject, ctx = context()) =>
  ctx.aggregate(aggregate, windowRange(q1, aggregate.window), 'USD', who);

describe('team scope', () => {
  it("sums all the team's accounts inside the period, not the day after it", () => {
    // o1 10,000 (a1) + o2 50,000 (a2) = 60,000; o4 on 2025-04-01 is outside Q1.
    expect(value(orderRevenue(), subject('p1', 'T1'))).toBe(60_000);
  });

  it('reads the same period last year', () => {
    expect(value(orderRevenue({ window: 'same period last year' }), subject('p1', 'T1'))).toBe(40_000);
  });

  it('averages scores over the team accounts', () => {
    // s1 4 (a1) and s2 5 (a2): (4 + 5) / 2 = 4.5.
    const csat = orderRevenue({ aggregation: 'average', factKind: 'survey', field: 'score' });
    expect(value(csat, subject('p1', 'T1'))).toBe(4.5);
  });

  it('gives null for an average with no facts and 0 for a sum with no facts', () => {
    const csat = orderRevenue({
      aggregation: 'average',
      factKind: 'survey',
      field: 'score',
      window: 'prior period',
    });
    expect(value(csat, subject('p1', 'T1'))).toBeNull();
    expect(value(orderRevenue({ window: 'prior period' }), subject('p1', 'T1'))).toBe(0);
  });

  it('sees no accounts for a participant on no team', () => {
    expect(value(orderRevenue(), subject('p1', null))).toBe(0);
  });

  it('applies filters', () => {
    // Only o1 is Cloud in Q1 on T1.
    const cloud = orderRevenue({
      aggregation: 'count',
      field: null,
      filters: [{ attribute: 'productLine', operator: 'is', values: ['Cloud'] }],
    });
    expect(value(cloud, subject('p1', 'T1'))).toBe(1);
  });
});

describe('scopes outside the contract', () => {
  it("refuses an aggregate with the old 'account' scope instead of measuring the team", () => {
    const perAccount = { ...orderRevenue(), scope: 'account' } as unknown as FactAggregate;
    expect(() => value(perAccount, subject('p1', 'T1'))).toThrow(/scope 'account'/);
  });
});

describe('individual scope', () => {
  it('splits a credited amount in thirds to the cent (largest remainder)', () => {
    // o1 10,000 / 3 = 3,333.33 each; floors 3,333 x 3 = 9,999; the leftover cent goes to the first credit (p1).
    const credited = orderRevenue({ scope: 'individual' });
    const ctx = context();
    const p1 = value(credited, subject('p1', 'T1'), ctx);
    const p3 = value(credited, subject('p3', 'T2'), ctx);
    // p2: 3,333 from o1 plus all of o2 (50,000).
    const p2 = value(credited, subject('p2', 'T1'), ctx);
    expect([p1, p2, p3]).toEqual([3_334, 53_333, 3_333]);
    expect(3_334 + 3_333 + 3_333).toBe(10_000);
  });

  it('adds team accounts in the participant geography without counting a credited fact twice', () => {
    const withGeography = orderRevenue({ scope: 'individual', individualMatch: ['credited', 'geography'] });
    const ctx = context();
    // p1 (EMEA): a1 is EMEA, so o1 counts in full (10,000) and p1's credit on it is not added again.
    expect(value(withGeography, subject('p1', 'T1'), ctx)).toBe(10_000);
    // p2 (APAC): a2 in full (o2 50,000) plus p2's third of o1 on EMEA account a1 (3,333).
    expect(value(withGeography, subject('p2', 'T1'), ctx)).toBe(53_333);
  });

  it('counts the credits of someone who moved team by the team of the stretch', () => {
    // p1 moves from T1 to T2 on 2025-02-01. In the T2 stretch, T2's EMEA account a3 counts in
    // full (o3 20,000) and p1's credit on T1's a1 is no longer "on my team's accounts", so their
    // third of o1 counts as a credit (3,334): 23,334. In the T1 stretch it is 10,000 as before.
    const moved = {
      ...snapshot,
      memberships: [
        { participantId: 'p1', teamId: 'T1', role: 'KAM', from: '2020-01-01', to: '2025-01-31' },
        { participantId: 'p1', teamId: 'T2', role: 'KAM', from: '2025-02-01' },
      ],
    };
    const ctx = new MeasureContext(buildFactColumns(facts), moved, {});
    const withGeography = orderRevenue({ scope: 'individual', individualMatch: ['credited', 'geography'] });
    expect(value(withGeography, subject('p1', 'T2'), ctx)).toBe(23_334);
    expect(value(withGeography, subject('p1', 'T1'), ctx)).toBe(10_000);
  });

  it("gives the participant's part of the shared credited facts, leaving out the accounts counted in full", () => {
    const withGeography = orderRevenue({ scope: 'individual', individualMatch: ['credited', 'geography'] });
    const ctx = context();
    const range = windowRange(q1, 'period');
    // p2 (APAC): a2 in full (o2 50,000, also credited wholly to p2) plus a third of o1 (3,333 of
    // 10,000): the credited part is p2's 3,333 of o1's 10,000, o2 is not shared.
    expect(ctx.aggregateWithCredit(withGeography, range, 'USD', subject('p2', 'T1'))).toEqual({
      value: 53_333,
      credit: { share: 0.3333, fullMinor: 10_000, creditedMinor: 3_333 },
    });
    // p1 (EMEA): o1 is on EMEA account a1, counted in full: nothing shared is credited.
    expect(ctx.aggregateWithCredit(withGeography, range, 'USD', subject('p1', 'T1')).credit).toBeNull();
    // A count is not money: no credit part.
    const count = { ...withGeography, key: 'count', aggregation: 'count' as const, field: null };
    expect(ctx.aggregateWithCredit(count, range, 'USD', subject('p2', 'T1')).credit).toBeNull();
  });

  it("answers a second plan's equal measure from the first one's work, and another statistic of the same facts by its own rule", () => {
    // A backtest's candidates are compiled separately but share one context: their equal
    // aggregates are different objects. p2 is credited a third of o1 (3,333) and all of o2
    // (50,000): the sum is 53,333, the largest credited fact's full value is o2's 50,000.
    const ctx = context();
    const first = orderRevenue({ scope: 'individual' });
    const second = orderRevenue({ scope: 'individual' });
    const largest = { ...second, key: 'largest', aggregation: 'max' as const };
    expect(value(first, subject('p2', 'T1'), ctx)).toBe(53_333);
    expect(value(second, subject('p2', 'T1'), ctx)).toBe(53_333);
    expect(value(largest, subject('p2', 'T1'), ctx)).toBe(50_000);
  });

  it('adds team accounts in the participant vertical', () => {
    // p2's vertical is Energy: no T1 account is Energy, so only credits: 3,333 + 50,000.
    const byVertical = orderRevenue({ scope: 'individual', individualMatch: ['credited', 'vertical'] });
    expect(value(byVertical, subject('p2', 'T1'))).toBe(53_333);
  });
});

describe('one team at a time, for statistics over teams', () => {
  it("gives a team's value over all its accounts and how many facts it read, whatever the aggregate's scope", () => {
    // T1 holds a1 and a2: o1 10,000 + o2 50,000 = 60,000 from 2 orders in Q1.
    const individual = orderRevenue({ scope: 'individual' });
    expect(context().teamAggregate(individual, windowRange(q1, 'period'), 'USD', 'T1')).toEqual({
      value: 60_000,
      facts: 2,
    });
  });

  it('reads no facts for a team without accounts: a sum of 0, an average missing', () => {
    const ctx = context();
    const range = windowRange(q1, 'period');
    expect(ctx.teamAggregate(orderRevenue(), range, 'USD', 'T9')).toEqual({ value: 0, facts: 0 });
    const csat = {
      ...orderRevenue(),
      key: 'csat',
      aggregation: 'average' as const,
      factKind: 'survey',
      field: 'score',
    };
    expect(ctx.teamAggregate(csat, range, 'USD', 'T9')).toEqual({ value: null, facts: 0 });
  });
});

describe('fact lists', () => {
  const deals: FactList = {
    key: 'deals',
    factKind: 'order',
    field: 'amount',
    filters: [],
    scope: 'individual',
    window: 'period',
  };

  it("lists a participant's credited splits in date order", () => {
    const ctx = context();
    const list = ctx.factList(deals, windowRange(q1, 'period'), 'USD', subject('p2', 'T1'));
    expect(list.values).toEqual([3_333, 50_000]);
    expect(list.rows.map((r) => ctx.columns.ids[r])).toEqual(['o1', 'o2']);
    // o1 is shared in thirds: p2 has 3,333 of 10,000; o2 is wholly p2's.
    expect(list.credits).toEqual([{ share: 1 / 3, fullMinor: 10_000, creditedMinor: 3_333 }, null]);
  });

  it("lists a team's facts over all its accounts in date order", () => {
    const ctx = context();
    const list = ctx.factList(
      { ...deals, scope: 'team' },
      windowRange(q1, 'period'),
      'USD',
      subject('p2', 'T1'),
    );
    expect(list.values).toEqual([10_000, 50_000]);
  });
});

describe('currencies', () => {
  const euroFacts: Fact[] = [
    order('e1', '2025-01-10', 'a1', 10_000, { currency: 'EUR' }),
    order('u1', '2025-01-11', 'a1', 5),
  ];

  it('converts a fact in another currency with the given rate, rounded half-even per fact', () => {
    // 10,000 EUR cents x 1.08 = 10,800 USD cents; plus 5.
    const ctx = new MeasureContext(buildFactColumns(euroFacts), snapshot, { 'EUR/USD': 1.08 });
    expect(ctx.aggregate(orderRevenue(), windowRange(q1, 'period'), 'USD', subject('p1', 'T1'))).toBe(10_805);
    expect(ctx.errors).toEqual([]);
  });

  it('reports a fact in a currency without a rate, by id, and leaves it out', () => {
    const ctx = new MeasureContext(buildFactColumns(euroFacts), snapshot, {});
    expect(ctx.aggregate(orderRevenue(), windowRange(q1, 'period'), 'USD', subject('p1', 'T1'))).toBe(5);
    expect(ctx.errors).toEqual([expect.objectContaining({ code: 'missing-fx-rate', factId: 'e1' })]);
    expect(ctx.errors[0]?.message).toContain('EUR/USD');
  });

  describe('a fact without a rate fails only the measures that read it (issue 10)', () => {
    // e3 is in EUR (no EUR/USD rate) on a3, an account of team T2; it is credited to p3 of T2.
    const otherTeam: Fact[] = [
      order('u1', '2025-01-11', 'a1', 500),
      order('e3', '2025-01-12', 'a3', 10_000, {
        currency: 'EUR',
        credits: [{ participantId: 'p3', share: 1 }],
      }),
    ];
    const period = windowRange(q1, 'period');
    const context = () => new MeasureContext(buildFactColumns(otherTeam), snapshot, {});

    it("does not report it to a team measure of another team, which reads only its team's accounts", () => {
      const ctx = context();
      // T1's accounts: u1 only, 500.
      expect(ctx.aggregate(orderRevenue(), period, 'USD', subject('p1', 'T1'))).toBe(500);
      expect(ctx.errors).toEqual([]);
    });

    it('does not report it to an individual measure of someone it is not credited to', () => {
      const ctx = context();
      expect(ctx.aggregate(orderRevenue({ scope: 'individual' }), period, 'USD', subject('p1', 'T1'))).toBe(
        0,
      );
      expect(ctx.errors).toEqual([]);
    });

    it("reports it to a team measure of the fact's team", () => {
      const ctx = context();
      expect(ctx.aggregate(orderRevenue(), period, 'USD', subject('p3', 'T2'))).toBe(0);
      expect(ctx.errors).toEqual([expect.objectContaining({ code: 'missing-fx-rate', factId: 'e3' })]);
    });

    it('reports it to an individual measure of the participant it is credited to', () => {
      const ctx = context();
      ctx.aggregate(orderRevenue({ scope: 'individual' }), period, 'USD', subject('p3', 'T2'));
      expect(ctx.errors).toEqual([expect.objectContaining({ code: 'missing-fx-rate', factId: 'e3' })]);
    });

    it('reports it to a statistic over teams, which reads each team of its population', () => {
      const ctx = context();
      ctx.teamAggregate(orderRevenue(), period, 'USD', 'T2');
      expect(ctx.errors).toEqual([expect.objectContaining({ code: 'missing-fx-rate', factId: 'e3' })]);
    });

    it('reports it once, however many measures read it', () => {
      const ctx = context();
      ctx.aggregate(orderRevenue(), period, 'USD', subject('p3', 'T2'));
      ctx.aggregate(orderRevenue({ scope: 'individual' }), period, 'USD', subject('p3', 'T2'));
      expect(ctx.errors.map((e) => e.factId)).toEqual(['e3']);
    });
  });
});
