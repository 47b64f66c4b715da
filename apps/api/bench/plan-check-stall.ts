/**
 * Hostile plan text against the event loop: sends validatePlan with texts that crashed or stalled
 * the checker before (deep parentheses, a flood of minus signs, long chains, text the parser
 * recovers from for seconds, a large valid plan) while a `health` query goes out every 10 ms, and
 * prints how long the slowest health check waited and the event loop's worst delay. The goal is
 * under 100 ms for both. Prints `BENCH <name> <value>` lines.
 *
 *   pnpm --filter @attain/api exec tsx bench/plan-check-stall.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createApp } from '../src/app.js';
import { createApiKey } from '../src/auth/create-api-key.js';
import { openStore } from '../src/db/connection.js';
import { createRepositories, ensureAllIndexes } from '../src/repositories/index.js';

const head =
  'plan "Try"\n  period quarter\n  currency USD\n  target incentive: annual, not prorated\n\nmeasure revenue = sum of order.amount\n\n';
const component = (payout: string) =>
  `${head}component "R" weight 100% for team\n  pays ${payout} of revenue\n`;
let bigValid = head;
for (let index = 0; bigValid.length < 195_000; index += 1) {
  bigValid += `measure m${index} = ${'('.repeat(30)}revenue${')'.repeat(30)} + revenue\n`;
}
const texts: Record<string, string> = {
  parentheses: component(`${'('.repeat(2_000)}5%${')'.repeat(2_000)}`),
  minus_signs: component(`${'-'.repeat(120_000)}5%`),
  chain: component(Array.from({ length: 60_000 }, () => '1%').join('+')),
  recovery: `${head}${'measure = = = '.repeat(14_000)}`,
  large_valid: bigValid,
};

const dataDir = mkdtempSync(join(tmpdir(), 'attain-bench-stall-'));
const store = await openStore({ dataDir });
await ensureAllIndexes(store.db);
const repositories = createRepositories(store.db);
const { secret } = await createApiKey(repositories, { name: 'bench analyst', role: 'analyst' });
const app = createApp({ db: store.db, repositories });

const post = async (query: string, variables: Record<string, unknown> = {}, key?: string) =>
  await app.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
const VALIDATE = 'query ($text: String!) { validatePlan(text: $text) { valid diagnostics { code } } }';

// Warm the worker and the app, so start-up is not counted.
await (await post(VALIDATE, { text: component('5%') }, secret)).json();
await (await post('{ health { status } }')).json();

for (const [name, text] of Object.entries(texts)) {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  let worstHealth = 0;
  let done = false;
  const started = performance.now();
  const check = post(VALIDATE, { text }, secret)
    .then((response) => response.json())
    .finally(() => {
      done = true;
    });
  while (!done) {
    const sent = performance.now();
    await (await post('{ health { status } }')).json();
    worstHealth = Math.max(worstHealth, performance.now() - sent);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const result = (await check) as { data?: { validatePlan: { diagnostics: { code: string }[] } } };
  delay.disable();
  const codes = [...new Set(result.data?.validatePlan.diagnostics.map((d) => d.code) ?? ['request failed'])];
  console.log(`# ${name}: ${text.length} characters, answered ${codes.join(', ')}`);
  console.log(`BENCH plan_check_${name}_ms ${(performance.now() - started).toFixed(0)}`);
  console.log(`BENCH plan_check_${name}_worst_health_ms ${worstHealth.toFixed(1)}`);
  console.log(`BENCH plan_check_${name}_event_loop_max_delay_ms ${(delay.max / 1e6).toFixed(1)}`);
}

await store.close();
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
