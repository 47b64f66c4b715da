/**
 * Roll-ups: a director paid on every team they manage at once ('for managed teams'), with the
 * teams they oversee marked on their memberships, effective-dated like any membership.
 */
import { checkPlan, renderExplanation } from '@attain/rules';
import { describe, expect, it } from 'vitest';
import type { TeamMembership } from '../../src/model/org.js';
import { calculateStatements } from '../../src/statements/calculate-statements.js';
import { account, order, org, participant } from '../helpers/org.js';

const text = `plan "Directors"
  period quarter
  currency USD
  target incentive: annual, not prorated

measure revenue = sum of order.amount

component "Region revenue" for managed teams
  pays 1% of revenue

component "Own team" for team
  pays 2% of revenue
`;

const plan = () => {
  const result = checkPlan(text);
  if (!result.plan) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return result.plan;
};

const member = (
  participantId: string,
  teamId: string,
  extra: Partial<TeamMembership> = {},
): TeamMembership => ({
  participantId,
  teamId,
  role: 'member',
  from: '2020-01-01',
  ...extra,
});

const facts = [
  order('o1', '2025-01-15', 'a1', 10_000_000), // T1: 100,000.00
  order('o2', '2025-02-15', 'a2', 20_000_000), // T2: 200,000.00 on 15 Feb
  order('o3', '2025-03-15', 'a3', 40_000_000), // T3: 400,000.00, not managed
];

const run = (memberships: TeamMembership[]) =>
  calculateStatements({
    plan: plan(),
    org: org({
      teams: ['T1', 'T2', 'T3'].map((id) => ({ id, name: id })),
      accounts: [account('a1', 'T1'), account('a2', 'T2'), account('a3', 'T3')],
      participants: [participant('dir'), participant('rep')],
      memberships: [member('rep', 'T1'), ...memberships],
      assignments: ['dir', 'rep'].map((participantId) => ({
        participantId,
        plan: 'Directors',
        from: '2020-01-01',
      })),
    }),
    facts,
    period: '2025-Q1',
  }).statements;

describe('a component for managed teams', () => {
  it('pays a director on the revenue of every team they manage, and on their own team as usual', () => {
    const statements = run([
      member('dir', 'T3', { role: 'director' }),
      member('dir', 'T1', { role: 'director', manages: true }),
      member('dir', 'T2', { role: 'director', manages: true }),
    ]);
    const dir = statements.find((s) => s.participantId === 'dir')!;
    // Managed T1 + T2: 1% of 300,000.00 = 3,000.00; own team T3: 2% of 400,000.00 = 8,000.00.
    expect(dir.lines.map((l) => [l.component, l.amountMinor])).toEqual([
      ['Region revenue', 300_000],
      ['Own team', 800_000],
    ]);
    expect(renderExplanation(dir.lines[0]!.explanation, 'USD')).toContain(
      'sum of order.amount = 300,000.00 USD (sum of order.amount for managed teams in period)',
    );
  });

  it("does not make a managed team the manager's own team, nor a rep's team a managed one", () => {
    const statements = run([member('dir', 'T1', { role: 'director', manages: true })]);
    const dir = statements.find((s) => s.participantId === 'dir')!;
    // The director is on no team of their own: 'Own team' pays 0 and says so.
    expect(dir.lines.map((l) => l.amountMinor)).toEqual([100_000, 0]);
    expect(dir.warnings.map((w) => w.code)).toContain('no-team');
    const rep = statements.find((s) => s.participantId === 'rep')!;
    // The rep manages nothing: 0 on managed teams; 2% of T1's 100,000.00 = 2,000.00.
    expect(rep.lines.map((l) => l.amountMinor)).toEqual([0, 200_000]);
    expect(rep.warnings.map((w) => w.code)).toContain('no-managed-teams');
  });

  it('cuts the quarter where a team is added to those managed, each stretch on its own teams', () => {
    const statements = run([
      member('dir', 'T3'),
      member('dir', 'T1', { manages: true }),
      member('dir', 'T2', { manages: true, from: '2025-02-01' }),
    ]);
    const dir = statements.find((s) => s.participantId === 'dir')!;
    expect(dir.segments.map((s) => [s.from, s.to])).toEqual([
      ['2025-01-01', '2025-01-31'],
      ['2025-02-01', '2025-03-31'],
    ]);
    const paid = (component: string) =>
      dir.lines.filter((l) => l.component === component).map((l) => l.amountMinor);
    // A commission counts the facts dated inside each stretch (docs/engine.md, "Effective
    // dating"): January manages T1, whose o1 (15 January, 100,000.00) pays 1% = 1,000.00;
    // February-March manages T1 and T2, whose only order then is o2 (15 February, 200,000.00):
    // 2,000.00. Together 3,000.00, each order paid once.
    expect(paid('Region revenue')).toEqual([100_000, 200_000]);
    // Own team T3 sold o3 on 15 March, in the second stretch only: 2% of 400,000.00 = 8,000.00, once.
    expect(paid('Own team')).toEqual([0, 800_000]);
  });
});
