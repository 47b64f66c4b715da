/**
 * The engine benchmark: 1,000,000 facts, 2,000 participants, the three archetype plans, the
 * four quarters of 2025 (the half-yearly portfolio plan pays its two halves).
 *
 * Prints:
 *   BENCH engine_build_columns_ms   building the columns and indexes from fact objects
 *   BENCH engine_explained_facts_per_s  fact rows x plans / seconds of calculateStatements, explained (columns built)
 *   BENCH engine_vs_naive           naive seconds per statement / engine seconds per statement
 * The naive baseline filters the whole fact array per participant and measure; it runs on a
 * sample of participants (all of them would take hours) after checking both give the same cents.
 */
import { readFileSync } from 'node:fs';
import { checkPlan } from '@attain/rules';
import { buildFactColumns } from '../src/facts/fact-columns.js';
import { generateDataset } from '../src/generator/generate-dataset.js';
import { calculateStatements } from '../src/statements/calculate-statements.js';
import type { Statement } from '../src/statements/statement.js';
import { createNaiveMeasures } from './naive-measures.js';

const SAMPLE_PER_PLAN = Number(process.env.ATTAIN_BENCH_NAIVE_SAMPLE ?? 4);
const fxRates = { 'EUR/USD': 1.08, 'USD/EUR': 0.93 };

const plans = ['team-performance', 'portfolio', 'renewal'].map((name) => {
  const { plan, diagnostics } = checkPlan(
    readFileSync(new URL(`../../../docs/examples/${name}.plan`, import.meta.url), 'utf8'),
  );
  if (!plan) throw new Error(`docs/examples/${name}.plan: ${JSON.stringify(diagnostics)}`);
  return plan;
});

let started = performance.now();
const dataset = generateDataset({
  seed: 2025,
  teams: 200,
  participantsPerTeam: 10,
  accountsPerTeam: 20,
  from: '2024-01-01',
  to: '2025-12-31',
  ordersPerAccountMonth: 7.7,
});
const generateMs = performance.now() - started;
console.log(
  `# generated ${dataset.facts.length} facts, ${dataset.org.participants.length} participants in ${Math.round(generateMs)} ms`,
);

started = performance.now();
const columns = buildFactColumns(dataset.facts);
const buildMs = performance.now() - started;
console.log(`# built columns in ${Math.round(buildMs)} ms`);

// A first run warms up the JIT; the second one is measured.
const run = () => calculateStatements({ plans, period: '2025', org: dataset.org, facts: columns, fxRates });
started = performance.now();
run();
console.log(`# first (warm-up) run in ${Math.round(performance.now() - started)} ms`);
started = performance.now();
const engine = run();
const engineSeconds = (performance.now() - started) / 1000;
if (engine.errors.length > 0) throw new Error(`engine errors: ${JSON.stringify(engine.errors.slice(0, 3))}`);

// The naive baseline on a sample: the first participants of each plan.
const sample = new Set<string>();
for (const plan of plans) {
  const assigned = dataset.org.assignments.filter((a) => a.plan === plan.name).slice(0, SAMPLE_PER_PLAN);
  for (const assignment of assigned) sample.add(assignment.participantId);
}
// The whole org stays: populations such as 'teams on this plan' depend on everyone's assignments.
const participantIds = [...sample];
const engineSample = calculateStatements({
  plans,
  period: '2025',
  org: dataset.org,
  facts: columns,
  fxRates,
  participantIds,
});
started = performance.now();
const naive = calculateStatements({
  plans,
  period: '2025',
  org: dataset.org,
  facts: columns,
  fxRates,
  participantIds,
  measures: () => createNaiveMeasures(dataset.facts, dataset.org, fxRates),
});
const naiveSeconds = (performance.now() - started) / 1000;

const cents = (statements: readonly Statement[]) =>
  JSON.stringify(
    statements.map((s) => [s.participantId, s.periodId, s.lines.map((l) => [l.component, l.amountMinor])]),
  );
if (cents(naive.statements) !== cents(engineSample.statements)) {
  throw new Error('the naive baseline and the engine disagree on the cents of the sample');
}
// Also check the sample agrees with the full run (choosing participants changes nothing for them).
const fullSample = engine.statements.filter((s) => sample.has(s.participantId));
if (cents(fullSample) !== cents(engineSample.statements))
  throw new Error('the sampled engine run differs from the full run');

const factsPerSecond = (columns.size * plans.length) / engineSeconds;
const enginePerStatement = engineSeconds / engine.statements.length;
const naivePerStatement = naiveSeconds / naive.statements.length;
console.log(
  `# ${engine.statements.length} statements in ${engineSeconds.toFixed(2)} s; naive: ${naive.statements.length} statements (sample of ${sample.size} participants, same cents) in ${naiveSeconds.toFixed(2)} s`,
);
console.log(`BENCH engine_build_columns_ms ${Math.round(buildMs)}`);
console.log(`BENCH engine_explained_facts_per_s ${Math.round(factsPerSecond)}`);
console.log(`BENCH engine_vs_naive ${(naivePerStatement / enginePerStatement).toFixed(1)}`);
