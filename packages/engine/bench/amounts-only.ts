/**
 * Explaining against amounts-only statement calculation, side by side on the same loaded
 * columns in one process: the backtest benchmark's data (about 1,000,000 facts, 2,000
 * participants on the Team Performance plan, the four quarters of 2025), each mode evaluated
 * as one backtest candidate several times, interleaved so both see the same machine load.
 *
 *   pnpm --filter @attain/engine bench:amounts            (ATTAIN_BENCH_TEAMS=50 for a small run)
 *
 * Prints:
 *   BENCH engine_candidate_explained_s   one candidate, full statements with explanations (fastest round)
 *   BENCH engine_candidate_amounts_s     one candidate, amounts only (fastest round)
 *   BENCH engine_candidate_amounts_shared_measures_s   amounts only, measures already read by an earlier candidate
 *   BENCH engine_amounts_speedup         explained seconds / amounts-only seconds
 * and fails if the two modes disagree on a single cent.
 */
import { readFileSync } from 'node:fs';
import { checkPlan } from '@attain/rules';
import { buildFactColumns } from '../src/facts/fact-columns.js';
import { generateDataset } from '../src/generator/generate-dataset.js';
import { MeasureContext } from '../src/measures/measure-context.js';
import { calculateStatements } from '../src/statements/calculate-statements.js';
import type { Statement } from '../src/statements/statement.js';

const TEAMS = Number(process.env.ATTAIN_BENCH_TEAMS ?? 500);
const ROUNDS = Number(process.env.ATTAIN_BENCH_ROUNDS ?? 5);

const { plan } = checkPlan(
  readFileSync(new URL('../../../docs/examples/team-performance.plan', import.meta.url), 'utf8'),
);
if (!plan) throw new Error('docs/examples/team-performance.plan does not compile');

// The same generator settings as apps/api/bench/backtest.ts.
let started = performance.now();
const dataset = generateDataset({
  seed: 7,
  teams: TEAMS,
  participantsPerTeam: 4,
  accountsPerTeam: 15,
  ordersPerAccountMonth: 3.6,
  from: '2024-01-01',
  to: '2025-12-31',
  plans: [{ name: plan.name, currency: plan.currency }],
});
const columns = buildFactColumns(dataset.facts);
console.log(
  `# ${columns.size} facts, ${dataset.org.participants.length} participants, columns in ${Math.round(performance.now() - started)} ms`,
);

// A backtest's later candidates read the same measures as the first: one context for all of them.
const shared = new MeasureContext(columns, dataset.org, {});
const run = (amountsOnly: boolean, share = false) =>
  calculateStatements({
    plan,
    periods: ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'],
    org: dataset.org,
    facts: columns,
    amountsOnly,
    ...(share ? { measures: () => shared } : {}),
  });
const cents = (statements: readonly Statement[]) =>
  JSON.stringify(
    statements.map((s) => [s.participantId, s.periodId, s.totalMinor, s.lines.map((l) => l.amountMinor)]),
  );

// Warm-up of both paths, and the check that they agree.
const explained = run(false);
const amounts = run(true);
const sharedRun = run(true, true);
if (explained.errors.length > 0)
  throw new Error(`engine errors: ${JSON.stringify(explained.errors.slice(0, 3))}`);
if (cents(explained.statements) !== cents(amounts.statements))
  throw new Error('amounts-only and explaining runs disagree on the cents');
if (cents(sharedRun.statements) !== cents(amounts.statements))
  throw new Error('a shared measure context changes the cents');

const times = { explained: [] as number[], amounts: [] as number[], shared: [] as number[] };
for (let round = 0; round < ROUNDS; round++) {
  started = performance.now();
  run(false);
  times.explained.push((performance.now() - started) / 1000);
  started = performance.now();
  run(true);
  times.amounts.push((performance.now() - started) / 1000);
  started = performance.now();
  run(true, true);
  times.shared.push((performance.now() - started) / 1000);
}
// The fastest round: the machine is shared, and load only ever adds time.
const fastest = (values: number[]) => Math.min(...values);
const explainedS = fastest(times.explained);
const amountsS = fastest(times.amounts);
const sharedS = fastest(times.shared);
console.log(
  `# ${explained.statements.length} statements per run; explained ${times.explained.map((t) => t.toFixed(3)).join(' ')} s, amounts-only ${times.amounts.map((t) => t.toFixed(3)).join(' ')} s, amounts-only on shared measures ${times.shared.map((t) => t.toFixed(3)).join(' ')} s`,
);
console.log(`BENCH engine_candidate_explained_s ${explainedS.toFixed(3)}`);
console.log(`BENCH engine_candidate_amounts_s ${amountsS.toFixed(3)}`);
console.log(`BENCH engine_candidate_amounts_shared_measures_s ${sharedS.toFixed(3)}`);
console.log(`BENCH engine_amounts_speedup ${(explainedS / amountsS).toFixed(1)}`);
