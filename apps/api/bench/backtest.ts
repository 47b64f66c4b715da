/**
 * Backtest benchmark: seeds a fresh embedded database with the generator (about 1,000,000 facts,
 * 2,000 participants, all on the Team Performance plan; the facts through the import code), then, in a fresh child process so that
 * peak memory is the backtest's alone, measures one baseline and three candidates over the four
 * quarters of 2025. Prints `BENCH <name> <value>` lines; docs/performance.md has the figures.
 *
 *   pnpm bench:backtest                 (from the repository root)
 *   pnpm --filter @attain/api bench:backtest -- --teams 50   (a smaller run: 50 teams of four)
 *   ... -- --orders 3   (orders per account and month; scales the fact count)
 *   ... -- --data-dir /tmp/attain-bench   (keep the seeded database there and reuse it next time)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startDatabase } from '@attain/embedded-mongo';
import { generateDataset } from '@attain/engine/generator';
import { MongoClient } from 'mongodb';
import { prepareBacktest } from '../src/backtests/prepare-backtest.js';
import { runBacktest } from '../src/backtests/run-backtest.js';
import { connectStore } from '../src/db/connection.js';
import { orgImportBatches } from '../src/demo/seed-demo.js';
import { runImport } from '../src/imports/run-import.js';
import { blockProjection, candidates as candidateBlocks } from '../src/repositories/facts.js';
import { createRepositories, ensureAllIndexes, type Repositories } from '../src/repositories/index.js';

const { values } = parseArgs({
  // pnpm passes a lone "--" through to the script.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    teams: { type: 'string', default: '500' },
    // 3.6 orders per account and month give about 1,000,000 facts with 500 teams.
    orders: { type: 'string', default: '3.6' },
    measure: { type: 'string' },
    'data-dir': { type: 'string' },
  },
});

const PLAN_TEXT = readFileSync(
  resolve(import.meta.dirname, '..', '..', '..', 'docs', 'examples', 'team-performance.plan'),
  'utf8',
);
const PLAN_NAME = 'Key accounts - team performance';
const FROM = '2025-Q1';
const TO = '2025-Q4';
const DB_NAME = 'bench';

/** Three candidates: a steeper accelerator, a lower threshold, and a higher total cap. */
function candidates(): { label: string; text: string }[] {
  const base = `${PLAN_TEXT.split('\nexample ')[0]}\n`;
  return [
    {
      label: 'steeper accelerator',
      text: base
        .replace(
          'from 100% up to and including 150%: 100% to 200%',
          'from 100% up to and including 150%: 100% to 300%',
        )
        .replace(
          'above 150%: 200%\n\ncomponent "Gross margin"',
          'above 150%: 300%\n\ncomponent "Gross margin"',
        ),
    },
    {
      label: 'lower threshold',
      text: base.replace(
        'below 80%: 0%\n    from 80% up to 100%: 50% to 100%',
        'below 70%: 0%\n    from 70% up to 100%: 40% to 100%',
      ),
    },
    {
      label: 'higher cap',
      text: base.replace('cap total at 200% of target incentive', 'cap total at 250% of target incentive'),
    },
  ];
}

const seconds = (start: number) => (performance.now() - start) / 1000;
const bench = (name: string, value: number | string) =>
  console.log(`BENCH ${name} ${typeof value === 'number' ? Number(value.toFixed(3)) : value}`);

if (values.measure) {
  await measure(values.measure);
  // Sockets of the driver's pool can outlive close() for a while; the figures are printed, so
  // end here rather than wait for them (and so that --cpu-prof writes its profile).
  process.exit(0);
} else await main();

/** Parent: start the database, seed it, then measure in a child process. */
async function main(): Promise<void> {
  const kept = values['data-dir'];
  const dataDir = kept ?? mkdtempSync(join(tmpdir(), 'attain-bench-backtest-'));
  // A kept database is reused when it was seeded with the same options.
  const seededMarker = join(dataDir, 'seeded.json');
  const seedOptions = JSON.stringify({ teams: values.teams, orders: values.orders });
  if (kept) mkdirSync(kept, { recursive: true });
  const database = await startDatabase({ dataDir, dbName: DB_NAME });
  const store = await connectStore(database);
  try {
    if (!existsSync(seededMarker) || readFileSync(seededMarker, 'utf8') !== seedOptions) {
      await store.db.dropDatabase();
      await ensureAllIndexes(store.db);
      const repositories = createRepositories(store.db);
      const start = performance.now();
      const facts = await seed(repositories, Number(values.teams), Number(values.orders));
      bench('seed_facts', facts);
      bench('seed_s', seconds(start));
      bench('seed_facts_per_s', Math.round(facts / seconds(start)));
      if (kept) writeFileSync(seededMarker, seedOptions);
    }
    // A fresh process, so that peak memory is the backtest's and not the generator's.
    execFileSync(process.execPath, [...process.execArgv, import.meta.filename, '--measure', database.uri], {
      stdio: 'inherit',
    });
  } finally {
    await store.close();
    await database.stop();
    if (!kept) rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Writes the generated org and facts through the importers. */
async function seed(
  repositories: Repositories,
  teams: number,
  ordersPerAccountMonth: number,
): Promise<number> {
  const { org, facts } = generateDataset({
    seed: 7,
    teams,
    participantsPerTeam: 4,
    accountsPerTeam: 15,
    ordersPerAccountMonth,
    from: '2024-01-01',
    to: '2025-12-31',
    plans: [{ name: PLAN_NAME, currency: 'USD' }],
  });
  await repositories.plans.create({ id: 'team-performance', name: PLAN_NAME, description: 'benchmark' });
  await repositories.plans.insertVersion({
    planId: 'team-performance',
    version: 1,
    text: PLAN_TEXT,
    effectiveFrom: '2024-01-01',
    effectiveTo: null,
    publishedBy: null,
  });
  const batches = orgImportBatches(org, new Map([[PLAN_NAME, 'team-performance']]));
  for (const [kind, records] of batches) {
    const outcome = await runImport(kind, records, repositories);
    if (outcome.status === 'rejected')
      throw new Error(`${kind} refused: ${JSON.stringify(outcome.errors.slice(0, 3))}`);
  }
  // The facts go through the import code, 100,000 a call (the API's batch limit), as a client's would.
  const CHUNK = 100_000;
  for (let start = 0; start < facts.length; start += CHUNK) {
    const outcome = await runImport('facts', facts.slice(start, start + CHUNK) as unknown[], repositories);
    if (outcome.status === 'rejected')
      throw new Error(`facts refused: ${JSON.stringify(outcome.errors.slice(0, 3))}`);
    process.stderr.write(`\rseeded ${Math.min(start + CHUNK, facts.length).toLocaleString('en-US')} facts`);
  }
  process.stderr.write('\n');
  return facts.length;
}

/** Child: the raw read, then the whole backtest with per-plan timings, then peak memory. */
async function measure(uri: string): Promise<void> {
  const client = await MongoClient.connect(uri);
  try {
    const db = client.db(DB_NAME);
    const repositories = createRepositories(db);
    const input = { baseline: { planId: 'team-performance' }, candidates: candidates(), from: FROM, to: TO };

    // The floor: a bare read of the same blocks (same manifest choice, projection and prefetch),
    // doing nothing with them.
    const prepared = await prepareBacktest(repositories, input);
    const projection = blockProjection(new Set(prepared.fields));
    const rawStart = performance.now();
    const entries = candidateBlocks(await repositories.facts.current(), prepared.factRange);
    const blocks = db.collection<{ _id: string }>('fact_blocks');
    const fetch = (id: string) => blocks.findOne({ _id: id }, { projection });
    const pending = entries.slice(0, 4).map((entry) => fetch(entry.id));
    let raw = 0;
    for (let next = 4, i = 0; i < entries.length; i++) {
      await pending.shift();
      if (next < entries.length) pending.push(fetch(entries[next++]!.id));
      raw += entries[i]!.live;
    }
    const rawRead = seconds(rawStart);
    bench('raw_read_facts', raw);
    bench('raw_read_blocks', entries.length);
    bench('raw_read_s', rawRead);
    bench('raw_read_facts_per_s', Math.round(raw / rawRead));

    // The whole backtest: check and count, one read into columns, four evaluations, compare, store.
    const start = performance.now();
    const again = await prepareBacktest(repositories, input);
    const preparedAt = performance.now();
    let loaded = preparedAt;
    const evaluations: number[] = [];
    const comparison = await runBacktest(repositories, again, {
      onProgress: (p) => {
        if (p.phase === 'loading') loaded = performance.now();
        else if (p.phase === 'evaluating') evaluations.push(performance.now());
      },
    });
    const compared = performance.now();
    const job = await repositories.backtests.create({
      request: again.request,
      periods: again.periods,
      currency: again.currency,
      createdBy: null,
    });
    await repositories.backtests.insertRows(job.id, comparison.rows);
    await repositories.backtests.complete(
      job.id,
      { participants: comparison.participants, candidates: [...comparison.candidates] },
      {
        phase: 'done',
        factsRead: again.factCount,
        factsTotal: again.factCount,
        participantsEvaluated: 0,
        percent: 100,
      },
      comparison.factsGeneration,
    );
    const total = seconds(start);
    const perPlan = evaluations.map(
      (at, i) => (at - (i === 0 ? loaded : (evaluations[i - 1] as number))) / 1000,
    );
    const candidateEvals = perPlan.slice(1);
    bench('backtest_facts', again.factCount);
    bench('backtest_participants', comparison.participants);
    bench('backtest_rows', comparison.rows.length);
    bench('backtest_prepare_s', (preparedAt - start) / 1000);
    bench('backtest_load_s', (loaded - preparedAt) / 1000);
    bench('baseline_eval_s', perPlan[0] ?? 0);
    bench('candidate_eval_s', candidateEvals.reduce((a, b) => a + b, 0) / Math.max(1, candidateEvals.length));
    bench('candidate_eval_max_s', Math.max(0, ...candidateEvals));
    bench('compare_s', (compared - (evaluations.at(-1) ?? compared)) / 1000);
    bench('store_rows_s', seconds(compared));
    bench('backtest_s', total);
    bench('backtest_vs_raw_read', total / rawRead);
    bench('backtest_peak_rss_mb', Math.round(process.resourceUsage().maxRSS / 1024));
    for (const summary of comparison.candidates) {
      console.log(
        `  ${summary.label}: ${summary.deltaMinor / 100} USD over ${again.periods.length} quarters (${summary.distribution.gain} gain, ${summary.distribution.lose} lose)`,
      );
    }
  } finally {
    await client.close();
  }
}
