/**
 * Explanations speak money: every text a person reads (explanation labels and details, the
 * rendered explanation, warnings, errors) writes money as money in the plan currency, shares
 * as percentages and counts as counts; structured values stay minor units.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { type CompiledPlan, checkPlan, type Explanation } from '@attain/rules';
import { describe, expect, it } from 'vitest';
import { generateDataset } from '../../src/generator/generate-dataset.js';
import type { Fact } from '../../src/model/fact.js';
import { calculateStatements } from '../../src/statements/calculate-statements.js';
import type { StatementRun } from '../../src/statements/statement.js';
import { rawFigures, runTexts, writtenNumbers } from '../helpers/money-text.js';
import { account, order, org, participant } from '../helpers/org.js';

function compile(text: string): CompiledPlan {
  const { plan, diagnostics } = checkPlan(text);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!plan || errors.length > 0) throw new Error(errors.map((e) => e.message).join('\n'));
  return plan;
}

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const examplesDir = new URL('../../../../docs/examples/', import.meta.url);
const examples = readdirSync(examplesDir)
  .filter((name) => name.endsWith('.plan'))
  .sort()
  .map((name) => readFileSync(new URL(name, examplesDir), 'utf8'));

/**
 * Raw figures in every text of a run, each with the text it is in. People's names are names,
 * not figures: the generator's 'Participant 1.1' is left out.
 */
function rawFiguresOf(
  run: StatementRun,
  sources: readonly string[],
  names: readonly string[] = [],
): string[] {
  const written = new Set(sources.flatMap((s) => [...writtenNumbers(s)]));
  const unnamed = (text: string) => names.reduce((t, name) => t.replaceAll(name, 'a participant'), text);
  return [...new Set(runTexts(run).flatMap((text) => rawFigures(unnamed(text), written)))];
}

describe('the raw-figure check', () => {
  it('reports the bare figures of the old explanations and passes formatted ones', () => {
    const written = writtenNumbers('up to 500,000: 3%\nwhen csat is below 4: team components pay 50%');
    expect(rawFigures('pays 200 (from 0: 1% on 20000)', written)).toHaveLength(2);
    expect(rawFigures('capped from 465000', written)).toHaveLength(1);
    expect(rawFigures('from 14500000 to 16500000 to date', written)).toHaveLength(2);
    expect(rawFigures('exact 360000 rounded half-even (USD, 2 digits)', written)).toHaveLength(1);
    expect(rawFigures('pays 2.0 USD', written)).toHaveLength(1);
    expect(
      rawFigures(
        'pays 2.00 USD (up to 500,000: 3% on 66.67 USD); 3 deals within 90 days in 2025-Q1, tier 2, csat below 4',
        written,
      ),
    ).toEqual([]);
    expect(rawFigures('exact 1,234.5678 USD; 1,500 JPY', written)).toEqual([]);
  });
});

describe('the example plans of docs/examples on generated facts', () => {
  const plans = examples.map(compile);
  const dataset = generateDataset({
    seed: 7,
    // One team per plan: the generator assigns the plans to the teams in turn.
    teams: examples.length,
    participantsPerTeam: 3,
    accountsPerTeam: 3,
    from: '2024-01-01',
    to: '2025-12-31',
    plans: plans.map((p) => ({ name: p.name, currency: p.currency })),
  });
  const run = calculateStatements({
    plans,
    period: '2025',
    org: dataset.org,
    facts: dataset.facts,
    fxRates: { 'EUR/USD': 1.08, 'USD/EUR': 0.93 },
  });

  it('explains every line of every plan', () => {
    expect(new Set(run.statements.map((s) => s.planName)).size).toBe(examples.length);
    expect(run.statements.every((s) => s.lines.every((l) => l.explanation.children.length > 0))).toBe(true);
  });

  it('writes no raw minor units in any text', () => {
    // docs/examples/account-leads.plan has a component for managed teams, and nobody in the
    // generated org manages a team: its warnings name the participants.
    const names = dataset.org.participants.map((p) => p.name);
    expect(rawFiguresOf(run, examples, names)).toEqual([]);
  });
});

describe('the engine scenario plan', () => {
  it('writes no raw minor units in any text', () => {
    const text = read('../scenarios/two-teams.plan');
    const plan = compile(text);
    const run = calculateStatements({
      plan,
      periods: ['2025-Q1', '2025-Q2'],
      org: org({
        teams: [{ id: 'T1', name: 'North' }],
        accounts: [account('a1', 'T1')],
        participants: [participant('alice'), participant('bob')],
        memberships: [
          { participantId: 'alice', teamId: 'T1', role: 'KAM', from: '2020-01-01' },
          { participantId: 'bob', teamId: 'T1', role: 'AE', from: '2020-01-01' },
        ],
        assignments: [
          { participantId: 'alice', plan: 'Scenario', from: '2020-01-01' },
          { participantId: 'bob', plan: 'Scenario', from: '2020-01-01' },
        ],
        goals: [{ name: 'Team revenue', ownerId: 'T1', periodId: '2025-Q1', value: 8_000_000 }],
      }),
      facts: [
        order('o1', '2025-01-15', 'a1', 6_000_000),
        opportunity('y1', '2025-01-20', 1_000_001, [
          { participantId: 'alice', share: 0.4 },
          { participantId: 'bob', share: 0.6 },
        ]),
        churn('c1', '2025-04-15', 'y1'),
      ],
    });
    expect(run.statements.some((s) => s.lines.some((l) => l.kind === 'clawback'))).toBe(true);
    expect(rawFiguresOf(run, [text])).toEqual([]);
  });
});

// Every branch that writes money into an explanation: floors, component caps, caps across
// components and on the total, marginal and retroactive rates per deal, on the period total and
// on the running total, rates against a goal, and the line's exact amount before rounding.
const BRANCHES = `plan "Branches"
  period quarter
  currency USD
  target incentive: annual, not prorated

measure revenue = sum of order.amount
measure mine = sum of order.amount for individual
measure won = sum of opportunity.amount where won for individual

component "Floor" weight 50% for team
  pays curve on revenue / goal "Team revenue":
    below 100%: 0%
    from 100%: 100%
  at least 25%

component "Capped" weight 50% for team
  pays curve on revenue / goal "Team revenue":
    below 100%: 300%
    from 100%: 300%
  capped at 150%

component "Per deal" for individual
  pays rates on won, marginal, per deal:
    up to 5,000: 1%
    from 5,000: 2%

component "Against goal" for individual
  pays rates on mine against goal "Quota", marginal, on the period total:
    up to 100%: 4%
    from 100%: 8%

component "Running" for individual
  pays rates on mine, marginal, on the running total:
    up to 50,000: 3%
    from 50,000: 5%

component "Running retro" for individual
  pays rates on mine, retroactive, on the running total:
    up to 50,000: 3%
    from 50,000: 5%

component "Big orders" for individual
  pays 1% of sum of order.amount where amount >= 10,000 for individual

cap "Floor", "Capped" at 40%
cap total at 50% of target incentive
`;

const opportunity = (id: string, date: string, amount: number, credits: Fact['credits']): Fact => ({
  id,
  kind: 'opportunity',
  date,
  accountId: 'a1',
  currency: 'USD',
  amount,
  won: true,
  strategic: false,
  productLine: 'Core',
  credits,
});
const churn = (id: string, date: string, dealId: string): Fact => ({
  id,
  kind: 'churn',
  date,
  accountId: 'a1',
  currency: 'USD',
  amount: 100,
  productLine: 'Core',
  dealId,
});

/** The branch plans over two quarters: alice and bob on one team, a deal split 40/60 between them. */
const runBranches = (text: string, planName: string) =>
  calculateStatements({
    plan: compile(text),
    periods: ['2025-Q1', '2025-Q2'],
    org: org({
      teams: [{ id: 'T1', name: 'North' }],
      accounts: [account('a1', 'T1')],
      participants: [participant('alice'), participant('bob')],
      memberships: [
        { participantId: 'alice', teamId: 'T1', role: 'KAM', from: '2020-01-01' },
        { participantId: 'bob', teamId: 'T1', role: 'AE', from: '2020-01-01' },
      ],
      assignments: [
        { participantId: 'alice', plan: planName, from: '2020-01-01' },
        { participantId: 'bob', plan: planName, from: '2020-01-01' },
      ],
      goals: ['2025-Q1', '2025-Q2'].flatMap((periodId) => [
        { name: 'Team revenue', ownerId: 'T1', periodId, value: 4_000_000 },
        { name: 'Quota', ownerId: 'alice', periodId, value: 3_000_000 },
        { name: 'Quota', ownerId: 'bob', periodId, value: 3_000_000 },
      ]),
    }),
    facts: [
      order('o1', '2025-02-01', 'a1', 3_600_000, { credits: [{ participantId: 'alice', share: 1 }] }),
      order('o2', '2025-05-01', 'a1', 4_200_000, { credits: [{ participantId: 'alice', share: 1 }] }),
      opportunity('y1', '2025-02-10', 1_000_000, [
        { participantId: 'alice', share: 0.4 },
        { participantId: 'bob', share: 0.6 },
      ]),
    ],
  });

describe('a plan with every money branch', () => {
  const run = runBranches(BRANCHES, 'Branches');
  const line = (participantId: string, periodId: string, component: string) =>
    run.statements
      .find((s) => s.participantId === participantId && s.periodId === periodId)!
      .lines.find((l) => l.component === component)!;

  it('writes no raw minor units in any text', () => {
    expect(run.errors).toEqual([]);
    expect(rawFiguresOf(run, [BRANCHES])).toEqual([]);
  });

  it('writes no raw minor units in any text when the plan trues up the year to date', () => {
    // The true-up replaces the running total's own subtraction and adds a true-up node per line.
    const text = `plan "Trued up"
  period quarter
  currency USD
  target incentive: annual, not prorated
  true-up year to date

measure mine = sum of order.amount for individual

component "Running" for individual
  pays rates on mine, marginal, on the running total:
    up to 50,000: 3%
    from 50,000: 5%

component "Running retro" for individual
  pays rates on mine, retroactive, on the running total:
    up to 50,000: 3%
    from 50,000: 5%
`;
    const trued = runBranches(text, 'Trued up');
    expect(trued.errors).toEqual([]);
    const labels = trued.statements.flatMap((s) =>
      s.lines.flatMap((l) => l.explanation.children.map((c) => c.label)),
    );
    expect(labels).toContain('true-up');
    expect(rawFiguresOf(trued, [text])).toEqual([]);
  });

  it('shows the goal of a rates-against-goal line, as money', () => {
    // alice Q1: 36,000.00 against a quota of 30,000.00 = 120%.
    const explanation = line('alice', '2025-Q1', 'Against goal').explanation;
    const goal = find(explanation, (n) => n.label === 'goal "Quota"');
    expect(goal).toMatchObject({ value: 3_000_000, unit: 'money' });
    const rates = find(explanation, (n) => n.label === 'rates')!;
    expect(rates.detail).toContain('of goal 30,000.00 USD');
  });

  it("shows a split deal's credit share", () => {
    // y1 is 10,000.00 credited 40% to alice: 4,000.00. Its tiers are the whole deal's: 5,000 at
    // 1% = 50.00 plus 5,000 at 2% = 100.00 is 150.00, and alice's 40% of it is 60.00.
    const explanation = line('alice', '2025-Q1', 'Per deal').explanation;
    const deal = find(explanation, (n) => n.label === 'deal')!;
    expect(deal.value).toBe(400_000);
    expect(deal.detail).toBe(
      'credited 40% of 10,000.00 USD = 4,000.00 USD; pays 60.00 USD (up to 5,000: 1% on 5,000.00 USD; from 5,000: 2% on 5,000.00 USD on the whole deal, x 40% credited)',
    );
    // The period's sum of won deals says the same of the facts it adds up.
    const sum = find(explanation, (n) => n.label === 'sum of opportunity.amount where won')!;
    expect(sum.value).toBe(400_000);
    expect(sum.detail).toMatch(/; credited 40% of 10,000\.00 USD = 4,000\.00 USD$/);
  });
});

function find(node: Explanation, test: (n: Explanation) => boolean): Explanation | undefined {
  if (test(node)) return node;
  for (const child of node.children) {
    const found = find(child, test);
    if (found) return found;
  }
  return undefined;
}
