/**
 * The Team Performance example plan (docs/examples/team-performance.plan) written by hand in
 * TypeScript: the baseline the compiled plan is measured against. It reads the same
 * `PlanInput` and must give the same cents.
 */
import type { PlanInput } from '../src/index.js';
import { roundMinor, splitByShares } from '../src/index.js';

const K = {
  revenue: 'sum of order.amount for team in period',
  cost: 'sum of order.cost for team in period',
  revenueLastYear: 'sum of order.amount for team in same period last year',
  csat: 'average of survey.score for team in period',
  wins: 'count of opportunity where won is true and strategic is true for individual in period',
  objectives: 'average of objective.score for individual in period',
  myRevenue: 'sum of order.amount for individual plus geography in period',
  wallet: 'sum of wallet.amount for individual plus geography in period',
  teamGoal: 'goal "Team revenue" of team',
  walletGoal: 'goal "Share of wallet" of participant',
};

const EPS = 1e-12;
const ge = (x: number, b: number) => x >= b - EPS * Math.max(1, Math.abs(b));
const lt = (x: number, b: number) => !ge(x, b);
const le = (x: number, b: number) => x <= b + EPS * Math.max(1, Math.abs(b));

/** Cents per component, in the plan's order, and the total. */
export function handwrittenTeamPerformance(input: PlanInput): number[] {
  const a = input.aggregates;
  const ti = input.targetIncentiveMinor ?? 0;
  const revenue = a[K.revenue] ?? 0;
  const cost = a[K.cost] ?? 0;
  const lastYear = a[K.revenueLastYear] ?? 0;
  const csat = a[K.csat] ?? 0;
  const wins = a[K.wins] ?? 0;
  const objectives = a[K.objectives] ?? 0;
  const walletShare = (a[K.myRevenue] ?? 0) / (a[K.wallet] ?? 1);

  const att = revenue / (input.goals[K.teamGoal] ?? 1);
  const teamRevenue = lt(att, 0.8)
    ? 0
    : lt(att, 1)
      ? 0.5 + ((att - 0.8) / 0.2) * 0.5
      : le(att, 1.5)
        ? 1 + (att - 1) / 0.5
        : 2;
  const margin = (revenue - cost) / revenue;
  const grossMargin = lt(margin, 0.2)
    ? 0
    : lt(margin, 0.3)
      ? 0.5 + ((margin - 0.2) / 0.1) * 0.5
      : le(margin, 0.4)
        ? 1 + ((margin - 0.3) / 0.1) * 0.5
        : 1.5;
  const growth = revenue / lastYear - 1;
  const growthShare = lt(growth, 0)
    ? 0
    : lt(growth, 0.1)
      ? 0.5 + (growth / 0.1) * 0.5
      : le(growth, 0.2)
        ? 1 + ((growth - 0.1) / 0.1) * 0.5
        : 1.5;
  const csatShare = lt(csat, 4) ? 0 : lt(csat, 4.5) ? 0.5 + ((csat - 4) / 0.5) * 0.5 : 1.2;
  const winsShare = lt(wins, 1) ? 0 : lt(wins, 3) ? 1 : 1.5;
  const walletAtt = walletShare / (input.goals[K.walletGoal] ?? 1);
  const walletPay = lt(walletAtt, 0.5) ? 0 : lt(walletAtt, 1) ? 0.5 + ((walletAtt - 0.5) / 0.5) * 0.5 : 1;

  const exact = [
    teamRevenue * ti * 0.3,
    grossMargin * ti * 0.1,
    growthShare * ti * 0.1,
    csatShare * ti * 0.1,
    winsShare * ti * 0.15,
    Math.min(objectives * ti * 0.15, ti * 0.15),
    walletPay * ti * 0.1,
  ];
  if (lt(csat, 4)) for (let i = 0; i < 4; i++) exact[i] = exact[i]! * 0.5;
  let lines = exact.map((x) => roundMinor(x, 'half-even'));
  const cap = roundMinor(2 * ti, 'half-even');
  const total = lines.reduce((s, x) => s + x, 0);
  if (total > cap) lines = splitByShares(cap, lines);
  return lines;
}
