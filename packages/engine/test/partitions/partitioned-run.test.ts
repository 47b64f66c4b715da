/**
 * A run split into team partitions and merged against the same run in one piece: the
 * docs/examples plans over two years of generated facts must give the same statements, line by
 * line, to the cent. Each task crosses a structured clone (the columns shared), as it
 * does to a worker thread.
 */
import { readFileSync } from 'node:fs';
import { checkPlan } from '@attain/rules';
import { describe, expect, it } from 'vitest';
import { partitionRows } from '../../src/facts/column-slices.js';
import { buildFactColumns } from '../../src/facts/fact-columns.js';
import { generateDataset } from '../../src/generator/generate-dataset.js';
import { partitionOrg } from '../../src/partitions/partition-org.js';
import { runPartitionTask } from '../../src/partitions/partition-task.js';
import { runPartitioned } from '../../src/partitions/partitioned-run.js';
import { calculateStatements } from '../../src/statements/calculate-statements.js';
import type { EngineError, Statement } from '../../src/statements/statement.js';

const plans = ['team-performance', 'portfolio', 'renewal', 'mixed', 'monthly-true-up'].map((name) => {
  const { plan } = checkPlan(
    readFileSync(new URL(`../../../../docs/examples/${name}.plan`, import.meta.url), 'utf8'),
  );
  if (!plan) throw new Error(`docs/examples/${name}.plan does not compile`);
  return plan;
});
const generated = generateDataset({
  seed: 11,
  teams: 10,
  participantsPerTeam: 4,
  accountsPerTeam: 4,
  from: '2024-01-01',
  to: '2025-12-31',
  plans: plans.map((p) => ({ name: p.name, currency: p.currency })),
});
// p-001-01 moves from team-001 to team-010 in mid-2025: their first half reads team-001's
// accounts, which live in another partition (checked below).
const MOVER = 'p-001-01';
const dataset = {
  ...generated,
  org: {
    ...generated.org,
    memberships: [
      ...generated.org.memberships.map((m) => (m.participantId === MOVER ? { ...m, to: '2025-06-30' } : m)),
      { participantId: MOVER, teamId: 'team-010', role: 'Key Account Manager', from: '2025-07-01', to: null },
    ],
  },
};
const fxRates = { 'EUR/USD': 1.08, 'USD/EUR': 0.93 };
const columns = buildFactColumns(dataset.facts);
const periods = ['2025'];

/** Every line of every statement, as `plan|period|participant|component|from|to|team cents`. */
const lines = (statements: readonly Statement[]) =>
  statements.flatMap((s) =>
    s.lines.map(
      (l) =>
        `${s.planName}|${s.periodId}|${s.participantId}|${l.component}|${l.from}|${l.to}|${l.teamId} ${l.amountMinor}`,
    ),
  );

async function partitioned(
  plan: (typeof plans)[number],
  count: number,
  amountsOnly: boolean,
  rates: Record<string, number> = fxRates,
  facts = columns,
) {
  let tasks = 0;
  const merged = await runPartitioned(
    {
      evaluations: [{ label: plan.name, versions: [{ plan }] }],
      periods,
      org: dataset.org,
      columns: facts,
      fxRates: rates,
      amountsOnly,
      partitions: count,
    },
    async (task) => {
      tasks++;
      return runPartitionTask(structuredClone(task));
    },
  );
  return { tasks, run: merged.get(plan.name)! };
}

describe('a run split by team partition', () => {
  for (const plan of plans) {
    it(`gives the single run's statements to the cent for "${plan.name}", explained and amounts only`, async () => {
      for (const amountsOnly of [false, true]) {
        const single = calculateStatements({
          plan,
          periods,
          org: dataset.org,
          facts: columns,
          fxRates,
          amountsOnly,
        });
        expect(single.statements.length).toBeGreaterThan(0);
        for (const count of [2, 3]) {
          const { tasks, run } = await partitioned(plan, count, amountsOnly);
          expect(tasks).toBe(count);
          expect(lines(run.statements)).toEqual(lines(single.statements));
          expect(run.statements.map((s) => s.totalMinor)).toEqual(single.statements.map((s) => s.totalMinor));
          expect(run.statements.map((s) => s.targetIncentiveMinor)).toEqual(
            single.statements.map((s) => s.targetIncentiveMinor),
          );
          if (amountsOnly) {
            // Amounts come back without segments and warnings; each line as the single run has it.
            const bare = (statements: readonly Statement[]) =>
              statements.map((s) => s.lines.map(({ explanation: _e, warnings: _w, ...line }) => line));
            expect(bare(run.statements)).toEqual(bare(single.statements));
          } else {
            // Explanations, warnings and segments come across whole.
            expect(run.statements).toEqual(single.statements);
          }
          expect(run.errors).toEqual(single.errors);
        }
      }
    });
  }

  it('reports a missing exchange rate with the fact it names, as the single run does', async () => {
    const plan = plans[0]!;
    // One 2025 order of someone on the plan in EUR, and no rates: that fact cannot be converted.
    const onPlan = new Set(
      dataset.org.assignments.filter((a) => a.plan === plan.name).map((a) => a.participantId),
    );
    const target = generated.facts.find(
      (f) =>
        f.kind === 'order' &&
        f.date >= '2025-01-01' &&
        (f.credits ?? []).some((c) => onPlan.has(c.participantId)),
    )!;
    const facts = buildFactColumns(
      generated.facts.map((f) => (f === target ? { ...f, currency: 'EUR' } : f)),
    );
    const single = calculateStatements({ plan, periods, org: dataset.org, facts, fxRates: {} });
    expect(single.errors.map((e) => e.factId)).toContain(target.id);
    // The first try sends no fact ids; a worker that needs one for the message asks for them.
    const { tasks, run } = await partitioned(plan, 2, true, {}, facts);
    expect(tasks).toBe(4);
    const sorted = (errors: readonly EngineError[]) => errors.map((e) => JSON.stringify(e)).sort();
    expect(sorted(run.errors)).toEqual(sorted(single.errors));
  });

  it('computes someone who moved with their latest team, reading the accounts of the team they left', () => {
    const partitions = partitionOrg(dataset.org, 2);
    const home = partitions.find((p) => p.participantIds.includes(MOVER))!;
    expect(home.teamIds).toContain('team-010');
    expect(home.teamIds).not.toContain('team-001');
    const teamOneAccount = columns.accountCode(dataset.org.accounts.find((a) => a.teamId === 'team-001')!.id);
    const rows = partitionRows(columns, dataset.org, home);
    expect(rows.some((row) => columns.accounts[row] === teamOneAccount)).toBe(true);
  });

  it("gives each partition only its teams' account facts and its people's credited facts", () => {
    const [first, second] = partitionOrg(dataset.org, 2);
    const rowsA = partitionRows(columns, dataset.org, first!);
    const rowsB = partitionRows(columns, dataset.org, second!);
    // The generator's facts are on accounts of the team whose members they credit: only the
    // mover's old team's rows are in both partitions.
    expect(rowsA.length + rowsB.length).toBeGreaterThan(columns.size);
    expect(rowsA.length + rowsB.length).toBeLessThan(columns.size * 1.2);
    expect(rowsA.length).toBeGreaterThan(0);
    expect(rowsB.length).toBeGreaterThan(0);
  });
});
