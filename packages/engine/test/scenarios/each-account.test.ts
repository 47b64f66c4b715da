/**
 * A component `for each account` end to end: the engine hands over every account of the
 * participant's team with its own figures, and the line pays the accounts' amounts added up.
 */
import { checkPlan, renderExplanation } from '@attain/rules';
import { describe, expect, it } from 'vitest';
import { calculateStatements } from '../../src/statements/calculate-statements.js';
import { account, order, org, participant } from '../helpers/org.js';

const text = `plan "Accounts"
  period quarter
  currency USD
  target incentive: annual, not prorated

measure revenue = sum of order.amount

component "Account commission" for each account
  pays rates on revenue, marginal, on the period total:
    up to 100,000: 2%
    from 100,000: 5%
`;

const plan = () => {
  const result = checkPlan(text);
  if (!result.plan) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return result.plan;
};

// T1 has three accounts (one without orders in Q1), T2 one; p1 is on T1 all year, p2 on T2.
const snapshot = org({
  teams: [
    { id: 'T1', name: 'North' },
    { id: 'T2', name: 'South' },
  ],
  accounts: [
    account('a1', 'T1', { name: 'Acme' }),
    account('a2', 'T1', { name: 'Globex' }),
    account('a3', 'T1', { name: 'Initech' }),
    account('b1', 'T2', { name: 'Umbrella' }),
  ],
  participants: [participant('p1'), participant('p2')],
  memberships: [
    { participantId: 'p1', teamId: 'T1', role: 'KAM', from: '2020-01-01' },
    { participantId: 'p2', teamId: 'T2', role: 'KAM', from: '2020-01-01' },
  ],
  assignments: [
    { participantId: 'p1', plan: 'Accounts', from: '2020-01-01' },
    { participantId: 'p2', plan: 'Accounts', from: '2020-01-01' },
  ],
});

const facts = [
  order('o1', '2025-01-10', 'a1', 10_000_000), // Acme 100,000.00
  order('o2', '2025-02-10', 'a1', 5_000_000), // Acme 50,000.00
  order('o3', '2025-03-10', 'a2', 5_000_000), // Globex 50,000.00
  order('o4', '2025-04-10', 'a3', 90_000_000), // Initech, in Q2: not in Q1
  order('o5', '2025-02-10', 'b1', 30_000_000), // Umbrella 300,000.00
];

describe('a component for each account', () => {
  const run = calculateStatements({ plan: plan(), org: snapshot, facts, period: '2025-Q1' });
  const statement = (id: string) => run.statements.find((s) => s.participantId === id)!;

  it("pays each account of the participant's team on its own revenue, added up", () => {
    // Acme 150,000: 100,000 x 2% + 50,000 x 5% = 4,500.00; Globex 50,000 x 2% = 1,000.00;
    // Initech nothing in Q1. 5,500.00 (the team's 200,000 on one table would pay 7,000.00).
    expect(statement('p1').totalMinor).toBe(550_000);
    // Umbrella alone: 100,000 x 2% + 200,000 x 5% = 2,000 + 10,000 = 12,000.00.
    expect(statement('p2').totalMinor).toBe(1_200_000);
    expect(run.errors).toEqual([]);
  });

  it('explains every account of the team by id and name, in id order, including one without facts', () => {
    const each = statement('p1').lines[0]!.explanation.children[0]!;
    expect(each.children.map((c) => [c.label, c.value])).toEqual([
      ['account a1', 450_000],
      ['account a2', 100_000],
      ['account a3', 0],
    ]);
    const text = renderExplanation(statement('p1').lines[0]!.explanation, 'USD');
    expect(text).toContain('account a1 = 4,500.00 USD (Acme: pays 4,500.00 USD)');
    expect(text).toContain('each account = 5,500.00 USD (sum of 3 accounts)');
  });

  it('pays the same cents in an amounts-only run', () => {
    const bulk = calculateStatements({
      plan: plan(),
      org: snapshot,
      facts,
      period: '2025-Q1',
      amountsOnly: true,
    });
    expect(bulk.statements.map((s) => [s.participantId, s.totalMinor])).toEqual([
      ['p1', 550_000],
      ['p2', 1_200_000],
    ]);
  });

  it('pays nothing, and says so, for a stretch on no team', () => {
    const alone = calculateStatements({
      plan: plan(),
      org: { ...snapshot, memberships: [] },
      facts,
      period: '2025-Q1',
      participantIds: ['p1'],
    });
    const s = alone.statements[0]!;
    expect(s.totalMinor).toBe(0);
    expect(s.warnings.map((w) => w.code)).toContain('no-team');
    expect(s.lines[0]!.warnings.map((w) => w.code)).toEqual(['NO_ACCOUNTS']);
  });
});
