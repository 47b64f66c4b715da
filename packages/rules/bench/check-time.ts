/**
 * `npx tsx bench/check-time.ts`: how long checking (and compiling) the example plans takes,
 * the time an admin waits for diagnostics. Prints BENCH lines, best of several rounds.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { checkPlan } from '../src/index.js';

const ROUNDS = 5;
const CHECKS = 200;

for (const name of ['team-performance', 'portfolio', 'renewal', 'mixed']) {
  const text = readFileSync(
    fileURLToPath(new URL(`../../../docs/examples/${name}.plan`, import.meta.url)),
    'utf8',
  );
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    for (let i = 0; i < CHECKS; i++) checkPlan(text);
    best = Math.min(best, (performance.now() - start) / CHECKS);
  }
  console.log(`BENCH check_plan_ms_${name.replace(/-/g, '_')} ${best.toFixed(3)}`);
}
