import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { OrgSnapshot } from '@attain/engine';
import { type Dataset, GENERATED_GOALS, generateDataset } from '@attain/engine/generator';
import { createApiKey } from '../auth/create-api-key.js';
import { type ImportKind, runImport } from '../imports/run-import.js';
import { calculatePayouts } from '../payouts/calculate-payouts.js';
import type { Repositories } from '../repositories/index.js';

/** The archetype plans of docs/examples, by the names the generator assigns people to. */
const DEMO_PLANS = [
  { id: 'team-performance', file: 'team-performance.plan', period: '2025-Q4' },
  { id: 'portfolio', file: 'portfolio.plan', period: '2025-H2' },
  { id: 'renewal', file: 'renewal.plan', period: '2025-Q4' },
] as const;

/** Goals the generator writes in minor units; the others are fractions. */
const MONEY_GOALS: ReadonlySet<string> = new Set([GENERATED_GOALS.teamRevenue, GENERATED_GOALS.renewals]);

const FACTS_PER_CALL = 50_000;

export interface DemoResult {
  /** The demo admin key's secret: shown once, only a hash is stored. */
  adminKey: string;
  participants: number;
  facts: number;
}

/**
 * Fills an empty database with a demo organisation: three key-account teams of four, two years
 * of generated facts, the three archetype plans published and assigned, and the last period of
 * each calculated. Goes through the same import code as the API, so the demo data is valid data.
 * Returns null (and changes nothing) when the database already has plans.
 */
export async function seedDemo(
  repositories: Repositories,
  log: (line: string) => void,
): Promise<DemoResult | null> {
  if ((await repositories.plans.findPage({ first: 1 })).items.length > 0) return null;
  const dataset = generateDataset({
    seed: 2025,
    teams: 3,
    participantsPerTeam: 4,
    accountsPerTeam: 5,
    from: '2024-01-01',
    to: '2025-12-31',
  });
  log(`Loading demo data: ${dataset.org.participants.length} participants, ${dataset.facts.length} facts...`);
  const planIdByName = new Map<string, string>();
  for (const plan of DEMO_PLANS) {
    const text = await readFile(join(examplesDir(), plan.file), 'utf8');
    const name = /^plan\s+"([^"]+)"/m.exec(text)?.[1];
    if (!name) throw new Error(`docs/examples/${plan.file} does not start with plan "<name>"`);
    await repositories.plans.create({ id: plan.id, name, description: `The ${plan.id} archetype (demo).` });
    await repositories.plans.saveDraft(plan.id, text);
    await repositories.plans.insertVersion({
      planId: plan.id,
      version: 1,
      text,
      effectiveFrom: '2024-01-01',
      effectiveTo: null,
      publishedBy: null,
    });
    planIdByName.set(name, plan.id);
  }
  for (const [kind, records] of importBatches(dataset, planIdByName)) {
    const outcome = await runImport(kind, records, repositories);
    if (outcome.status === 'rejected') {
      throw new Error(`The demo ${kind} were refused: ${JSON.stringify(outcome.errors.slice(0, 3))}`);
    }
  }
  // Plans convert amounts in the other currency (target incentives, facts) with these rates.
  await repositories.exchangeRates.setMany(
    [
      { from: 'EUR', to: 'USD', rate: 1.08 },
      { from: 'USD', to: 'EUR', rate: 0.925 },
    ],
    null,
  );
  for (const plan of DEMO_PLANS) {
    const run = await calculatePayouts(repositories, {
      planId: plan.id,
      periodId: plan.period,
      requestedBy: null,
    });
    log(`Calculated ${plan.id} for ${plan.period}: ${run.statementCount} statements (${run.status}).`);
  }
  const { secret } = await createApiKey(repositories, {
    name: 'demo admin',
    role: 'admin',
    participantId: null,
  });
  return { adminKey: secret, participants: dataset.org.participants.length, facts: dataset.facts.length };
}

function examplesDir(): string {
  return resolve(import.meta.dirname, '..', '..', '..', '..', 'docs', 'examples');
}

/** The generated dataset as import batches, in the order a fresh organisation is imported. */
function importBatches(
  dataset: Dataset,
  planIdByName: ReadonlyMap<string, string>,
): [ImportKind, unknown[]][] {
  const batches = orgImportBatches(dataset.org, planIdByName);
  for (let start = 0; start < dataset.facts.length; start += FACTS_PER_CALL) {
    batches.push(['facts', dataset.facts.slice(start, start + FACTS_PER_CALL).map((fact) => ({ ...fact }))]);
  }
  return batches;
}

/**
 * A generated organisation (all but its facts) as import records: teams with their members, goals
 * with ids and the currency of money goals, assignments to the plans by id.
 */
export function orgImportBatches(
  org: OrgSnapshot,
  planIdByName: ReadonlyMap<string, string>,
): [ImportKind, unknown[]][] {
  const currencyOf = new Map(org.participants.map((p) => [p.id, p.currency]));
  const teamCurrency = new Map<string, string>();
  for (const membership of org.memberships) {
    const currency = currencyOf.get(membership.participantId);
    if (currency && !teamCurrency.has(membership.teamId)) teamCurrency.set(membership.teamId, currency);
  }
  const batches: [ImportKind, unknown[]][] = [
    ['participants', org.participants.map((p) => ({ ...p }))],
    [
      'teams',
      org.teams.map((team) => ({
        ...team,
        members: org.memberships
          .filter((m) => m.teamId === team.id)
          .map(({ participantId, role, from, to }) => ({ participantId, role, from, to })),
      })),
    ],
    ['accounts', org.accounts.map((a) => ({ ...a }))],
    [
      'goals',
      org.goals.map((goal) => ({
        id: `${goal.ownerId}/${goal.name}/${goal.periodId}`,
        ...goal,
        currency: MONEY_GOALS.has(goal.name)
          ? (teamCurrency.get(goal.ownerId) ?? currencyOf.get(goal.ownerId) ?? null)
          : null,
      })),
    ],
    [
      'assignments',
      org.assignments.map((assignment) => ({
        id: `${assignment.participantId}/${assignment.from}`,
        participantId: assignment.participantId,
        planId: planIdByName.get(assignment.plan),
        from: assignment.from,
        to: assignment.to,
        annualTargetIncentiveMinor: assignment.annualTargetIncentiveMinor,
      })),
    ],
  ];
  return batches;
}
