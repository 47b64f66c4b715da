/**
 * A deterministic synthetic dataset: teams, participants, accounts, goals, assignments and
 * facts of every kind, with seasonality, growth, churn, renewals with price changes and CSAT.
 * The same options always give the same dataset, so tests, benchmarks and the demo agree.
 */
import type { Credit, Fact } from '../model/fact.js';
import type {
  Account,
  Assignment,
  Goal,
  OrgSnapshot,
  Participant,
  Team,
  TeamMembership,
} from '../model/org.js';
import { dayFromParts, dayParts, formatDay, parseDay } from '../periods/day.js';
import { periodContaining } from '../periods/period.js';
import { createRandom, type Random } from './random.js';

/** What to generate. Sizes multiply: teams x participantsPerTeam participants, teams x accountsPerTeam accounts. */
export interface GenerateDatasetOptions {
  seed: number;
  teams: number;
  participantsPerTeam: number;
  accountsPerTeam: number;
  /** First day of facts (ISO day). */
  from: string;
  /** Last day of facts (ISO day). */
  to: string;
  /** Mean orders per account per month before seasonality (default 3); scales the fact count. */
  ordersPerAccountMonth?: number;
  /**
   * Plans assigned to teams in turn, with their pay currency; a team's people are paid and its
   * accounts trade in that currency. Default: the three archetype plans of docs/examples.
   */
  plans?: readonly { name: string; currency: string }[];
}

/** A generated dataset: the org snapshot and the facts in date order. */
export interface Dataset {
  org: OrgSnapshot;
  facts: Fact[];
}

const GEOGRAPHIES = ['EMEA', 'North America', 'APAC', 'LATAM'] as const;
const VERTICALS = ['Manufacturing', 'Healthcare', 'Financial Services', 'Retail', 'Energy'] as const;
const ROLES = [
  'Key Account Manager',
  'Account Executive',
  'Solution Engineer',
  'Customer Success Manager',
] as const;
const SEGMENTS = ['strategic', 'growth', 'legacy'] as const;
const PRODUCT_LINES = ['Core', 'Cloud', 'Services', 'Analytics'] as const;
const OBJECTIVES = ['Executive sponsor mapped', 'Account plan reviewed', 'Expansion pilot launched'] as const;
/** Month-of-year demand: a slow first quarter and a strong year end. */
const SEASONALITY = [0.8, 0.85, 1.0, 0.9, 0.95, 1.05, 0.85, 0.8, 1.05, 1.1, 1.2, 1.45] as const;
/** The archetype plans in docs/examples, by their `plan "..."` names. */
export const ARCHETYPE_PLANS: readonly { name: string; currency: string }[] = [
  { name: 'Key accounts - team performance', currency: 'USD' },
  { name: 'Key accounts - portfolio', currency: 'EUR' },
  { name: 'Key accounts - renewal', currency: 'USD' },
];
/** Splits used for credited facts: one owner, a pair, an uneven trio, and thirds (to exercise cents). */
const SPLITS: readonly (readonly number[])[] = [[1], [1], [0.6, 0.4], [0.5, 0.3, 0.2], [1 / 3, 1 / 3, 1 / 3]];

/** Goal names the generator writes per quarter, as the example plans name them. */
export const GENERATED_GOALS = {
  /** Team: order revenue (minor units). */
  teamRevenue: 'Team revenue',
  /** Team: renewed contract value (minor units). */
  renewals: 'Renewals',
  /** Team: a company performance factor around 100% (a fraction). */
  companyFactor: 'Company factor',
  /** Participant: share of the customers' wallet in their geography (a fraction). */
  shareOfWallet: 'Share of wallet',
} as const;

interface Stint {
  participantId: string;
  start: number;
  end: number;
}

/** Generates a dataset; fast enough for a million facts in a few seconds. */
export function generateDataset(options: GenerateDatasetOptions): Dataset {
  const random = createRandom(options.seed);
  const plans = options.plans ?? ARCHETYPE_PLANS;
  const from = parseDay(options.from);
  const to = parseDay(options.to);
  if (from === null || to === null || to < from) {
    throw new Error(
      `generateDataset: 'from' and 'to' must be ISO days with from <= to (got ${options.from}, ${options.to})`,
    );
  }
  const ordersPerMonth = options.ordersPerAccountMonth ?? 3;
  const teams: Team[] = [];
  const participants: Participant[] = [];
  const memberships: TeamMembership[] = [];
  const accounts: Account[] = [];
  const assignments: Assignment[] = [];
  const stintsByTeam = new Map<string, Stint[]>();
  const teamGeographies = new Map<string, string[]>();
  const teamCurrency = new Map<string, string>();
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  const span = to - from + 1;

  for (let t = 0; t < options.teams; t++) {
    const teamId = `team-${pad(t + 1, 3)}`;
    const vertical = VERTICALS[t % VERTICALS.length] as string;
    const plan = plans[t % plans.length] as { name: string; currency: string };
    const currency = plan.currency;
    teamCurrency.set(teamId, currency);
    teams.push({ id: teamId, name: `Key Account Team ${t + 1} (${vertical})` });
    const stints: Stint[] = [];
    const geographies: string[] = [];
    stintsByTeam.set(teamId, stints);
    teamGeographies.set(teamId, geographies);
    for (let p = 0; p < options.participantsPerTeam; p++) {
      const id = `p-${pad(t + 1, 3)}-${pad(p + 1, 2)}`;
      const geography = random.pick(GEOGRAPHIES);
      geographies.push(geography);
      const role = p === 0 ? 'Key Account Manager' : random.pick(ROLES);
      // Most people were hired before the data starts; some join mid-way, some leave.
      const joinsLate = p > 0 && random.chance(0.12);
      const hire = joinsLate ? from + random.int(30, Math.max(31, span - 30)) : from - random.int(60, 3000);
      const leaves = p > 0 && !joinsLate && random.chance(0.08);
      const termination = leaves ? Math.min(to, hire + random.int(120, Math.max(121, to - hire))) : null;
      const annual =
        (role === 'Key Account Manager' ? 60_000 : role === 'Account Executive' ? 45_000 : 25_000) * 100;
      participants.push({
        id,
        name: `Participant ${t + 1}.${p + 1}`,
        role,
        geography,
        vertical: random.chance(0.8) ? vertical : random.pick(VERTICALS),
        currency,
        annualTargetIncentiveMinor: annual + random.int(0, 20) * 50_000,
        hireDate: formatDay(hire),
        ...(termination !== null ? { terminationDate: formatDay(termination) } : {}),
      });
      const start = Math.max(hire, from);
      const end = termination ?? to;
      if (end < start) continue;
      memberships.push({
        participantId: id,
        teamId,
        role,
        from: formatDay(hire),
        ...(termination !== null ? { to: formatDay(termination) } : {}),
      });
      stints.push({ participantId: id, start, end });
      assignments.push({
        participantId: id,
        plan: plan.name,
        from: formatDay(hire),
        ...(termination !== null ? { to: formatDay(termination) } : {}),
      });
    }
    for (let a = 0; a < options.accountsPerTeam; a++) {
      accounts.push({
        id: `acc-${pad(t + 1, 3)}-${pad(a + 1, 3)}`,
        name: `Customer ${t + 1}-${a + 1}`,
        teamId,
        geography: random.pick(geographies),
        vertical: random.chance(0.85) ? vertical : random.pick(VERTICALS),
        segment: random.pick(SEGMENTS),
      });
    }
  }

  // Some people move to another team on the same plan part-way through.
  const planCount = plans.length;
  for (let t = 0; t + planCount < options.teams; t++) {
    const teamId = teams[t]!.id;
    const targetId = teams[t + planCount]!.id;
    for (const stint of [...(stintsByTeam.get(teamId) ?? [])]) {
      if (stint.end - stint.start < 120 || !random.chance(0.05)) continue;
      const moveDay = stint.start + random.int(60, stint.end - stint.start - 30);
      const membership = memberships.find(
        (m) => m.participantId === stint.participantId && m.teamId === teamId,
      );
      if (!membership) continue;
      const previousEnd = membership.to;
      membership.to = formatDay(moveDay - 1);
      memberships.push({
        participantId: stint.participantId,
        teamId: targetId,
        role: membership.role,
        from: formatDay(moveDay),
        ...(previousEnd ? { to: previousEnd } : {}),
      });
      stintsByTeam
        .get(targetId)
        ?.push({ participantId: stint.participantId, start: moveDay, end: stint.end });
      stint.end = moveDay - 1;
    }
  }

  const facts: Fact[] = [];
  let nextId = 0;
  const factId = (prefix: string) => `${prefix}${pad(++nextId, 8)}`;
  const credits = (teamId: string, day: number): Credit[] | undefined => {
    const active = (stintsByTeam.get(teamId) ?? []).filter((s) => s.start <= day && s.end >= day);
    if (active.length === 0) return undefined;
    const split = random.pick(SPLITS).slice(0, active.length);
    const shareSum = split.reduce((x, y) => x + y, 0);
    const first = random.int(0, active.length - 1);
    return split.map((share, i) => ({
      participantId: (active[(first + i) % active.length] as Stint).participantId,
      share: share / shareSum,
    }));
  };
  // Day texts are cached: formatting a date per fact would dominate the generator's time.
  const dayTexts = new Map<number, string>();
  const dayText = (day: number) => {
    let text = dayTexts.get(day);
    if (text === undefined) {
      text = formatDay(day);
      dayTexts.set(day, text);
    }
    return text;
  };

  const startParts = dayParts(from);
  const endParts = dayParts(to);
  const months = (endParts.year - startParts.year) * 12 + (endParts.month - startParts.month) + 1;
  for (const account of accounts) {
    const currency = teamCurrency.get(account.teamId) ?? 'USD';
    const base =
      (account.segment === 'strategic' ? 40_000 : account.segment === 'growth' ? 15_000 : 8_000) * 100;
    const growth = account.segment === 'legacy' ? -0.08 + random.next() * 0.1 : random.next() * 0.25;
    const margin = 0.25 + random.next() * 0.2;
    const renewalMonth = random.int(1, 12);
    let contractValue = base * 12 * (0.5 + random.next());
    const recentOrders: { id: string; day: number }[] = [];
    for (let m = 0; m < months; m++) {
      const year = startParts.year + Math.floor((startParts.month - 1 + m) / 12);
      const month = ((startParts.month - 1 + m) % 12) + 1;
      const monthStart = dayFromParts(year, month, 1);
      const monthDays = dayFromParts(year, month + 1, 1) - monthStart;
      const dayIn = () => monthStart + random.int(0, monthDays - 1);
      const inRange = (day: number) => day >= from && day <= to;
      const trend = (1 + growth) ** (m / 12);
      const demand = ordersPerMonth * (SEASONALITY[month - 1] as number) * trend;
      const orders = Math.max(0, Math.round(demand + random.normal() * Math.sqrt(demand)));
      for (let i = 0; i < orders; i++) {
        const day = dayIn();
        if (!inRange(day)) continue;
        const amount = Math.max(100, Math.round((base / ordersPerMonth) * (0.4 + random.next() * 1.2)));
        const id = factId('o');
        facts.push({
          id,
          kind: 'order',
          date: dayText(day),
          accountId: account.id,
          currency,
          amount,
          cost: Math.round(amount * (1 - margin + random.normal() * 0.03)),
          productLine: random.pick(PRODUCT_LINES),
          repeat: random.chance(0.7),
          credits: credits(account.teamId, day),
        });
        recentOrders.push({ id, day });
        if (recentOrders.length > 12) recentOrders.shift();
      }
      if (random.chance(0.6)) {
        const day = dayIn();
        if (inRange(day)) {
          facts.push({
            id: factId('y'),
            kind: 'opportunity',
            date: dayText(day),
            accountId: account.id,
            currency,
            amount: Math.round(base * (1 + random.next() * 4)),
            won: random.chance(0.4),
            strategic: account.segment === 'strategic' ? random.chance(0.5) : random.chance(0.1),
            productLine: random.pick(PRODUCT_LINES),
            credits: credits(account.teamId, day),
          });
        }
      }
      if (month === renewalMonth) {
        const day = dayIn();
        // Prices mostly hold or rise a little; legacy accounts sometimes concede.
        const change = (account.segment === 'legacy' ? -0.02 : 0.03) + random.normal() * 0.05;
        const valueBefore = Math.round(contractValue);
        contractValue *= 1 + change;
        if (inRange(day)) {
          facts.push({
            id: factId('r'),
            kind: 'renewal',
            date: dayText(day),
            accountId: account.id,
            currency,
            valueBefore,
            valueAfter: Math.round(contractValue),
            productLine: random.pick(PRODUCT_LINES),
            credits: credits(account.teamId, day),
          });
        }
      }
      if (random.chance(account.segment === 'legacy' ? 0.04 : 0.015)) {
        const day = dayIn();
        const deal = recentOrders.length > 0 && random.chance(0.6) ? random.pick(recentOrders) : undefined;
        if (inRange(day)) {
          facts.push({
            id: factId('c'),
            kind: 'churn',
            date: dayText(day),
            accountId: account.id,
            currency,
            amount: Math.round(base * (1 + random.next() * 3)),
            productLine: random.pick(PRODUCT_LINES),
            dealId: deal && deal.day <= day ? deal.id : undefined,
            credits: credits(account.teamId, day),
          });
        }
      }
      if (month % 3 === 0) {
        const surveys = random.int(1, 2);
        for (let i = 0; i < surveys; i++) {
          const day = dayIn();
          if (!inRange(day)) continue;
          facts.push({
            id: factId('s'),
            kind: 'survey',
            date: dayText(day),
            accountId: account.id,
            score: Math.min(5, Math.max(1, Math.round(3.9 + random.normal() * 0.9))),
          });
        }
        const quarterEnd = monthStart + monthDays - 1;
        if (inRange(quarterEnd)) {
          facts.push({
            id: factId('w'),
            kind: 'wallet',
            date: dayText(quarterEnd),
            accountId: account.id,
            currency,
            amount: Math.round(base * 3 * trend * (3 + random.next() * 2)),
          });
        }
      }
    }
  }

  // MBO objectives: two per participant per quarter they worked, scored at the quarter's end.
  const accountsByTeam = new Map<string, Account[]>();
  for (const account of accounts)
    accountsByTeam.set(account.teamId, [...(accountsByTeam.get(account.teamId) ?? []), account]);
  for (const [teamId, stints] of stintsByTeam) {
    const teamAccounts = accountsByTeam.get(teamId) ?? [];
    if (teamAccounts.length === 0) continue;
    for (const stint of stints) {
      for (
        let q = periodContaining('quarter', stint.start);
        q.start <= stint.end;
        q = periodContaining('quarter', q.end + 1)
      ) {
        const day = Math.min(q.end, stint.end, to);
        for (const objective of OBJECTIVES.slice(0, 2)) {
          facts.push({
            id: factId('b'),
            kind: 'objective',
            date: dayText(day),
            accountId: random.pick(teamAccounts).id,
            score: Math.round(random.next() * 100) / 100,
            objective,
            credits: [{ participantId: stint.participantId, share: 1 }],
          });
        }
      }
    }
  }
  facts.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const goals = generateGoals(random, facts, accounts, participants, memberships, from, to, dayTexts);
  return { org: { participants, teams, memberships, accounts, goals, assignments }, facts };
}

/**
 * Goals per quarter, set near what actually happened (x0.85..1.2) so attainment spreads around
 * 100% the way real quotas do.
 */
function generateGoals(
  random: Random,
  facts: readonly Fact[],
  accounts: readonly Account[],
  participants: readonly Participant[],
  memberships: readonly TeamMembership[],
  from: number,
  to: number,
  dayTexts: ReadonlyMap<number, string>,
): Goal[] {
  const accountById = new Map(accounts.map((a) => [a.id, a]));
  const quarterOfDay = new Map<string, string>();
  for (const [day, text] of dayTexts) quarterOfDay.set(text, periodContaining('quarter', day).id);
  const totals = new Map<string, number>();
  const add = (key: string, value: number) => totals.set(key, (totals.get(key) ?? 0) + value);
  for (const fact of facts) {
    const quarter =
      quarterOfDay.get(fact.date) ?? periodContaining('quarter', parseDay(fact.date) as number).id;
    const account = accountById.get(fact.accountId);
    if (!account) continue;
    const where = `${account.teamId}|${account.geography}|${quarter}`;
    if (fact.kind === 'order') {
      add(`${account.teamId}|${GENERATED_GOALS.teamRevenue}|${quarter}`, fact.amount);
      add(`revenue|${where}`, fact.amount);
    } else if (fact.kind === 'wallet') {
      add(`wallet|${where}`, fact.amount);
    } else if (fact.kind === 'renewal') {
      add(`${account.teamId}|${GENERATED_GOALS.renewals}|${quarter}`, fact.valueAfter);
    }
  }
  const teamOf = new Map(memberships.map((m) => [m.participantId, m.teamId]));
  const teamIds = [...new Set(accounts.map((a) => a.teamId))];
  const goals: Goal[] = [];
  const noise = () => 0.85 + random.next() * 0.35;
  for (let q = periodContaining('quarter', from); q.start <= to; q = periodContaining('quarter', q.end + 1)) {
    for (const teamId of teamIds) {
      for (const name of [GENERATED_GOALS.teamRevenue, GENERATED_GOALS.renewals]) {
        const actual = totals.get(`${teamId}|${name}|${q.id}`) ?? 0;
        goals.push({ name, ownerId: teamId, periodId: q.id, value: Math.round(actual * noise()) });
      }
      goals.push({
        name: GENERATED_GOALS.companyFactor,
        ownerId: teamId,
        periodId: q.id,
        value: Math.round((0.9 + random.next() * 0.2) * 100) / 100,
      });
    }
    for (const participant of participants) {
      const where = `${teamOf.get(participant.id)}|${participant.geography}|${q.id}`;
      const revenue = totals.get(`revenue|${where}`) ?? 0;
      const wallet = totals.get(`wallet|${where}`) ?? 0;
      const share = wallet > 0 ? revenue / wallet : 0.25;
      goals.push({
        name: GENERATED_GOALS.shareOfWallet,
        ownerId: participant.id,
        periodId: q.id,
        value: Math.round(share * noise() * 1000) / 1000,
      });
    }
  }
  return goals;
}
