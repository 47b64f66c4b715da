/**
 * The engine's evaluation against its floor and on both cores, side by side in one run: the
 * backtest benchmark's data (about 1,000,000 facts, 2,000 participants on the Team Performance
 * plan, the four quarters of 2025), amounts only (the bulk path of backtests and payout totals).
 *
 *   pnpm --filter @attain/engine bench:parallel     (ATTAIN_BENCH_TEAMS=50 for a small run)
 *
 * Prints:
 *   BENCH engine_facts_per_s        fact rows / seconds of one plan's evaluation, columns loaded
 *                                   (on columns it has not seen: money conversion and splits included)
 *   BENCH engine_vs_columnar_floor  that evaluation's seconds / the hand-written floor's (columnar-floor.ts)
 *   BENCH parallel_speedup          that evaluation on one thread / on a pool of ATTAIN_BENCH_THREADS (2)
 *                                   piscina threads, one team partition each, slicing and merging included
 *   BENCH parallel_machine_capacity twice the time of fixed arithmetic on one pool thread over the time of
 *                                   the same on two at once: 2.00 on two free cores; the ceiling of the speedup
 *   BENCH parallel_small_run_ms     a 10-team run over the pool, against the same on one thread (the threshold)
 * Rounds are interleaved so every mode sees the same machine load, and the fastest round of each
 * counts (load only adds time). Fails if the pool's statements differ from one thread's by a cent.
 */

import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { checkPlan } from '@attain/rules';
import { Piscina } from 'piscina';
import { buildFactColumns, createColumns, type FactColumns } from '../src/facts/fact-columns.js';
import { generateDataset } from '../src/generator/generate-dataset.js';
import type { OrgSnapshot } from '../src/model/org.js';
import type { PartitionRun } from '../src/partitions/partition-task.js';
import { runPartitioned } from '../src/partitions/partitioned-run.js';
import { calculateStatements } from '../src/statements/calculate-statements.js';
import type { Statement } from '../src/statements/statement.js';
import { columnarFloor } from './columnar-floor.js';

const TEAMS = Number(process.env.ATTAIN_BENCH_TEAMS ?? 500);
const ROUNDS = Number(process.env.ATTAIN_BENCH_ROUNDS ?? 5);
const THREADS = Number(process.env.ATTAIN_BENCH_THREADS ?? 2);
const PERIODS = ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'];

const { plan } = checkPlan(
  readFileSync(new URL('../../../docs/examples/team-performance.plan', import.meta.url), 'utf8'),
);
if (!plan) throw new Error('docs/examples/team-performance.plan does not compile');

function dataset(teams: number) {
  // The same generator settings as apps/api/bench/backtest.ts.
  const generated = generateDataset({
    seed: 7,
    teams,
    participantsPerTeam: 4,
    accountsPerTeam: 15,
    ordersPerAccountMonth: 3.6,
    from: '2024-01-01',
    to: '2025-12-31',
    plans: [{ name: plan!.name, currency: plan!.currency }],
  });
  return { org: generated.org, columns: buildFactColumns(generated.facts) };
}

let started = performance.now();
const big = dataset(TEAMS);
const small = dataset(10);
console.log(
  `# ${big.columns.size} facts, ${big.org.participants.length} participants, columns in ${Math.round(performance.now() - started)} ms; ${availableParallelism()} cores, pool of ${THREADS}`,
);

const oneThread = (org: OrgSnapshot, columns: FactColumns) =>
  calculateStatements({ plan, periods: PERIODS, org, facts: columns, amountsOnly: true }).statements;

const pool = new Piscina({
  filename: new URL('./parallel-worker.mjs', import.meta.url).href,
  minThreads: THREADS,
  maxThreads: THREADS,
  idleTimeout: 60_000,
  atomics: 'disabled',
});
async function onPool(org: OrgSnapshot, columns: FactColumns): Promise<readonly Statement[]> {
  const merged = await runPartitioned(
    {
      evaluations: [{ label: 'plan', versions: [{ plan: plan! }] }],
      periods: PERIODS,
      org,
      columns,
      amountsOnly: true,
      partitions: THREADS,
    },
    (task) => pool.run(task) as Promise<PartitionRun[]>,
  );
  return merged.get('plan')!.statements;
}

const cents = (statements: readonly Statement[]) =>
  JSON.stringify(statements.map((s) => [s.participantId, s.periodId, s.lines.map((l) => l.amountMinor)]));

// Warm-up (JIT, worker start and plan compilation), and the check that the pool gives the same cents.
const reference = oneThread(big.org, big.columns);
if (cents(await onPool(big.org, big.columns)) !== cents(reference))
  throw new Error('the pool and one thread disagree on the cents');
if (cents(await onPool(small.org, small.columns)) !== cents(oneThread(small.org, small.columns)))
  throw new Error('the pool and one thread disagree on the cents of the small run');
columnarFloor(plan, PERIODS, big.org, big.columns);

const times = {
  engine: [] as number[],
  floor: [] as number[],
  pool: [] as number[],
  smallOne: [] as number[],
  smallPool: [] as number[],
  spinOne: [] as number[],
  spinBoth: [] as number[],
};
const SPIN = 40;
const time = async (list: number[], work: () => unknown) => {
  started = performance.now();
  await work();
  list.push((performance.now() - started) / 1000);
};
// Each timed run gets columns it has not seen, as a run on a fresh load does: converted money
// and credit splits are derived per columns (cached on them), and the pool shares each load
// with its threads once (a copy into shared memory), so both modes pay for that inside the timing.
const fresh = (columns: FactColumns) => createColumns(columns);
for (let round = 0; round < ROUNDS; round++) {
  let columns = fresh(big.columns);
  await time(times.engine, () => oneThread(big.org, columns));
  await time(times.floor, () => columnarFloor(plan, PERIODS, big.org, big.columns));
  columns = fresh(big.columns);
  await time(times.pool, () => onPool(big.org, columns));
  columns = fresh(small.columns);
  await time(times.smallOne, () => oneThread(small.org, columns));
  columns = fresh(small.columns);
  await time(times.smallPool, () => onPool(small.org, columns));
  // The machine's own answer: the same arithmetic on one thread, then on each of two at once.
  await time(times.spinOne, () => pool.run(SPIN, { name: 'spin' }));
  await time(times.spinBoth, () => Promise.all([0, 1].map(() => pool.run(SPIN, { name: 'spin' }))));
}
await pool.destroy();

const fastest = (values: number[]) => Math.min(...values);
const show = (values: number[]) => values.map((t) => t.toFixed(3)).join(' ');
console.log(`# one thread ${show(times.engine)} s; floor ${show(times.floor)} s; pool ${show(times.pool)} s`);
console.log(
  `# small run (${small.columns.size} facts): one thread ${show(times.smallOne)} s, pool ${show(times.smallPool)} s`,
);
const engineS = fastest(times.engine);
console.log(`BENCH engine_facts_per_s ${Math.round(big.columns.size / engineS)}`);
console.log(`BENCH engine_vs_columnar_floor ${(engineS / fastest(times.floor)).toFixed(2)}`);
console.log(`BENCH parallel_speedup ${(engineS / fastest(times.pool)).toFixed(2)}`);
// 2 when two threads each get a whole core; below that the machine (shared, loaded) caps the speedup.
console.log(
  `BENCH parallel_machine_capacity ${((2 * fastest(times.spinOne)) / fastest(times.spinBoth)).toFixed(2)}`,
);
console.log(
  `BENCH parallel_small_run_ms ${(fastest(times.smallPool) * 1000).toFixed(1)} (one thread ${(fastest(times.smallOne) * 1000).toFixed(1)})`,
);
