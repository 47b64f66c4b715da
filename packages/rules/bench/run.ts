/**
 * `pnpm --filter @attain/rules bench`: evaluates the Team Performance example over 1,000,000
 * synthetic participant-periods and compares, after checking that all give identical cents, a
 * hand-written TypeScript function, @gorules/zen-engine and json-logic-js. Prints BENCH lines.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ZenEngine } from '@gorules/zen-engine';
import jsonLogic from 'json-logic-js';
import { type CompiledPlan, checkPlan, type PlanInput, roundMinor } from '../src/index.js';
import { handwrittenTeamPerformance } from './handwritten.js';

const EVALUATIONS = 1_000_000;
const DISTINCT = 10_000;
const SAMPLE_FOR_ENGINES = 20_000;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function compileOrFail(text: string): CompiledPlan {
  const result = checkPlan(text);
  if (!result.plan) fail(result.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  return result.plan;
}

/** Deterministic pseudo-random numbers (mulberry32) so every run measures the same data. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function syntheticInputs(count: number): PlanInput[] {
  const next = random(42);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return Array.from({ length: count }, () => {
    const goal = int(50_000_000, 200_000_000);
    const revenue = int(goal * 0.5, goal * 1.8);
    return {
      aggregates: {
        'sum of order.amount for team in period': revenue,
        'sum of order.cost for team in period': int(revenue * 0.5, revenue * 0.9),
        'sum of order.amount for team in same period last year': int(revenue * 0.8, revenue * 1.2),
        'average of survey.score for team in period': int(30, 50) / 10,
        'count of opportunity where won is true and strategic is true for individual in period': int(0, 4),
        'average of objective.score for individual in period': int(0, 100) / 100,
        'sum of order.amount for individual plus geography in period': int(1_000_000, 30_000_000),
        'sum of wallet.amount for individual plus geography in period': int(40_000_000, 100_000_000),
      },
      transactions: {},
      goals: {
        'goal "Team revenue" of team': goal,
        'goal "Share of wallet" of participant': int(10, 40) / 100,
      },
      targetIncentiveMinor: int(500_000, 5_000_000),
    };
  });
}

/** Runs `fn` over the inputs until `total` evaluations, returning milliseconds (best of 3). */
function time(total: number, inputs: PlanInput[], fn: (input: PlanInput) => unknown): number {
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round++) {
    let sink = 0;
    const start = performance.now();
    for (let i = 0; i < total; i++) {
      const r = fn(inputs[i % inputs.length]!);
      if (r) sink++;
    }
    best = Math.min(best, performance.now() - start);
    if (sink < 0) console.log(sink);
  }
  return best;
}

const root = fileURLToPath(new URL('../../../docs/examples/', import.meta.url));
const teamText = readFileSync(`${root}team-performance.plan`, 'utf8');
const plan = compileOrFail(teamText);
const inputs = syntheticInputs(DISTINCT);

// 1. Compiled plan vs hand-written TypeScript, on the whole Team Performance plan.
const evaluateAmounts = plan.evaluateAmounts!;
for (const input of inputs) {
  const ours = evaluateAmounts(input).linesMinor;
  const theirs = handwrittenTeamPerformance(input);
  if (ours.join() !== theirs.join())
    fail(`cents differ from the hand-written function: ${ours} vs ${theirs}`);
  if (
    plan
      .evaluate(input)
      .lines.map((l) => l.amountMinor)
      .join() !== ours.join()
  )
    fail('evaluate and evaluateAmounts differ');
}
const handwrittenMs = time(EVALUATIONS, inputs, handwrittenTeamPerformance);
const compiledMs = time(EVALUATIONS, inputs, evaluateAmounts);
const explainedMs = time(EVALUATIONS / 10, inputs, (input) => plan.evaluate(input)) * 10;
console.log(`BENCH handwritten_evals_per_sec ${Math.round(EVALUATIONS / (handwrittenMs / 1000))}`);
console.log(`BENCH compiled_evals_per_sec ${Math.round(EVALUATIONS / (compiledMs / 1000))}`);
console.log(
  `BENCH compiled_with_explanations_evals_per_sec ${Math.round(EVALUATIONS / (explainedMs / 1000))}`,
);
console.log(`BENCH compiled_vs_handwritten ${(compiledMs / handwrittenMs).toFixed(2)}`);

// 2. The "Team revenue" curve alone, in our language, in ZEN and in JsonLogic.
const curveText = `plan "Curve" period quarter currency USD
component "Team revenue" weight 100% for team
  pays curve on sum of order.amount / goal "Team revenue":
    below 80%: 0%
    from 80% up to 100%: 50% to 100%
    from 100% up to and including 150%: 100% to 200%
    above 150%: 200%
`;
const curve = compileOrFail(curveText);
const curveAmounts = curve.evaluateAmounts!;
const attainmentOf = (input: PlanInput) =>
  input.aggregates['sum of order.amount for team in period']! / input.goals['goal "Team revenue" of team']!;

const rule: Parameters<typeof jsonLogic.apply>[0] = {
  '*': [
    { var: 'target' },
    {
      if: [
        { '<': [{ var: 'attainment' }, 0.8] },
        0,
        { '<': [{ var: 'attainment' }, 1] },
        { '+': [0.5, { '*': [{ '/': [{ '-': [{ var: 'attainment' }, 0.8] }, 0.2] }, 0.5] }] },
        { '<=': [{ var: 'attainment' }, 1.5] },
        { '+': [1, { '/': [{ '-': [{ var: 'attainment' }, 1] }, 0.5] }] },
        2,
      ],
    },
  ],
};
const jsonLogicCents = (input: PlanInput) =>
  roundMinor(
    jsonLogic.apply(rule, { attainment: attainmentOf(input), target: input.targetIncentiveMinor }) as number,
  );

const zenContent = {
  nodes: [
    { id: 'in', type: 'inputNode', name: 'Request', position: { x: 0, y: 0 } },
    {
      id: 'table',
      type: 'decisionTableNode',
      name: 'Team revenue',
      position: { x: 200, y: 0 },
      content: {
        hitPolicy: 'first',
        inputs: [{ id: 'i1', name: 'Attainment', field: 'attainment' }],
        outputs: [{ id: 'o1', name: 'Amount', field: 'amount' }],
        rules: [
          { _id: 'r1', i1: '< 0.8', o1: '0' },
          { _id: 'r2', i1: '[0.8..1)', o1: '(0.5 + (attainment - 0.8) / 0.2 * 0.5) * target' },
          { _id: 'r3', i1: '[1..1.5]', o1: '(1 + (attainment - 1) / 0.5) * target' },
          { _id: 'r4', i1: '> 1.5', o1: '2 * target' },
        ],
      },
    },
    { id: 'out', type: 'outputNode', name: 'Response', position: { x: 400, y: 0 } },
  ],
  edges: [
    { id: 'e1', sourceId: 'in', targetId: 'table', type: 'edge' },
    { id: 'e2', sourceId: 'table', targetId: 'out', type: 'edge' },
  ],
};

const sample = inputs.slice(0, SAMPLE_FOR_ENGINES);
for (const input of sample) {
  const ours = curveAmounts(input).totalMinor;
  if (jsonLogicCents(input) !== ours) fail(`json-logic cents differ: ${jsonLogicCents(input)} vs ${ours}`);
}
const curveMs = time(EVALUATIONS, inputs, curveAmounts);
const perCurve = curveMs / EVALUATIONS;
console.log(`BENCH compiled_curve_evals_per_sec ${Math.round(1000 / perCurve)}`);
const jsonLogicMs = time(EVALUATIONS / 10, inputs, jsonLogicCents) / (EVALUATIONS / 10);
console.log(`BENCH jsonlogic_evals_per_sec ${Math.round(1000 / jsonLogicMs)}`);
console.log(`BENCH jsonlogic_vs_compiled ${(jsonLogicMs / perCurve).toFixed(1)}`);

try {
  const engine = new ZenEngine();
  const decision = engine.createDecision(zenContent);
  const zenCents = async (input: PlanInput) => {
    const response = await decision.evaluate({
      attainment: attainmentOf(input),
      target: input.targetIncentiveMinor,
    });
    return roundMinor((response.result as { amount: number }).amount);
  };
  const zenInputs = sample.slice(0, 2_000);
  for (const input of zenInputs) {
    const cents = await zenCents(input);
    if (cents !== curveAmounts(input).totalMinor)
      fail(`zen cents differ: ${cents} vs ${curveAmounts(input).totalMinor}`);
  }
  let start = performance.now();
  for (const input of zenInputs) await zenCents(input);
  const zenPerRecord = (performance.now() - start) / zenInputs.length;
  start = performance.now();
  await Promise.all(sample.map(zenCents));
  const zenBatch = (performance.now() - start) / sample.length;
  console.log(`BENCH zen_per_record_evals_per_sec ${Math.round(1000 / zenPerRecord)}`);
  console.log(`BENCH zen_batch_evals_per_sec ${Math.round(1000 / zenBatch)}`);
  console.log(`BENCH zen_vs_compiled ${(zenPerRecord / perCurve).toFixed(1)}`);
  console.log(`BENCH zen_batch_vs_compiled ${(zenBatch / perCurve).toFixed(1)}`);
  engine.dispose();
} catch (error) {
  console.log(
    `BENCH zen_vs_compiled unavailable (${error instanceof Error ? error.message : String(error)})`,
  );
}

// 3. Compile time of a 300-line plan, after warm-up.
function planOfLines(lines: number): string {
  const out = [
    'plan "Big"',
    '  period quarter',
    '  currency USD',
    '  target incentive: annual, not prorated',
  ];
  let i = 0;
  while (out.length + 6 <= lines) {
    out.push(`measure m${i} = sum of order.amount where productLine is "P${i}" / goal "G${i}"`);
    out.push(
      `component "C${i}" for team`,
      `  pays curve on m${i}:`,
      '    below 80%: 0%',
      '    from 80% up to 100%: 50% to 100%',
      '    from 100%: 100%',
    );
    i++;
  }
  while (out.length < lines) out.push(`measure extra${out.length} = m0 * 2`);
  return out.join('\n');
}
const big = planOfLines(300);
if (big.split('\n').length !== 300) fail('the compile benchmark plan must have 300 lines');
for (let k = 0; k < 100; k++) compileOrFail(big);
const runs: number[] = [];
for (let k = 0; k < 50; k++) {
  const start = performance.now();
  compileOrFail(big);
  runs.push(performance.now() - start);
}
runs.sort((x, y) => x - y);
console.log(`BENCH compile_ms_300_lines ${runs[Math.floor(runs.length / 2)]!.toFixed(2)}`);
