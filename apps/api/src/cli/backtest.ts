import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { formatMinor } from '@attain/rules';
import { BacktestJobs } from '../backtests/backtest-jobs.js';
import type { CandidateInput } from '../backtests/prepare-backtest.js';
import { PlanHasErrors } from '../plans/errors.js';
import type { Backtest, StoredBacktestRow } from '../repositories/backtests.js';
import type { Repositories } from '../repositories/index.js';
import { withStore } from './with-store.js';

const USAGE = `Usage: pnpm --filter @attain/api backtest --baseline <planId[@version]> --candidate <plan.txt | planId@version> [--candidate ...]
       --from <period> --to <period> [--team <id> ...] [--participant <id> ...] [--csv <out.csv>]

  --baseline     a published plan; without @version, every version as it was in force
  --candidate    draft plan text in a file, or a published version; up to 5
  --from, --to   first and last period, of the baseline's kind (e.g. 2025-Q1 and 2025-Q4)
  --team, --participant   compare only these (default: everyone on the baseline plan)
  --csv          also write every participant and period to this file (amounts in minor units)`;

/**
 * Runs a backtest against the configured database with the same code as the API (the job is
 * stored and can be read over GraphQL too), shows progress, and prints a summary table.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      baseline: { type: 'string' },
      candidate: { type: 'string', multiple: true },
      from: { type: 'string' },
      to: { type: 'string' },
      team: { type: 'string', multiple: true },
      participant: { type: 'string', multiple: true },
      csv: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.baseline || !values.candidate?.length || !values.from || !values.to) {
    console.error(`--baseline, --candidate, --from and --to are required.\n\n${USAGE}`);
    return 2;
  }
  const baseline = parsePlanRef(values.baseline);
  if (!baseline) {
    console.error(
      `--baseline must be a plan id, optionally with @version (e.g. team-performance@2).\n\n${USAGE}`,
    );
    return 2;
  }
  const candidates: CandidateInput[] = [];
  for (const argument of values.candidate) {
    if (existsSync(argument)) {
      candidates.push({ label: basename(argument), text: await readFile(argument, 'utf8') });
      continue;
    }
    const ref = parsePlanRef(argument);
    if (!ref || ref.version === null) {
      console.error(`--candidate ${argument}: no such file, and not a published version like planId@2.`);
      return 2;
    }
    candidates.push({ planId: ref.planId, version: ref.version });
  }

  const { from, to } = values;
  return withStore(async (repositories) => {
    const jobs = new BacktestJobs(repositories);
    const job = await jobs.start(
      {
        baseline,
        candidates,
        from,
        to,
        teamIds: values.team ?? [],
        participantIds: values.participant ?? [],
      },
      null,
    );
    const ended = await follow(repositories, jobs, job);
    await jobs.idle();
    if (ended.status !== 'complete') {
      console.error(`Backtest ${ended.status}: ${ended.error?.message ?? ''}`);
      return 1;
    }
    const rows = await repositories.backtests.allRows(job.id);
    printSummary(ended);
    if (values.csv) {
      await writeFile(values.csv, toCsv(ended, rows));
      console.log(`\nWrote ${rows.length} rows to ${values.csv}.`);
    }
    console.log(`\nStored as backtest ${job.id}; read it with the backtest query.`);
    return 0;
  }, reportError);
}

/** An expected failure as the person reads it: draft text errors with their file, line and column. */
function reportError(error: Error): void {
  console.error(error.message);
  if (!(error instanceof PlanHasErrors)) return;
  for (const d of error.diagnostics.filter((d) => d.severity === 'error')) {
    console.error(
      `  ${error.candidate ?? 'plan'}:${d.range.start.line}:${d.range.start.column} ${d.code}: ${d.message}`,
    );
  }
}

function parsePlanRef(text: string): { planId: string; version: number | null } | null {
  const match = /^([^@\s]+)(?:@(\d+))?$/.exec(text);
  if (!match) return null;
  return { planId: match[1] as string, version: match[2] === undefined ? null : Number(match[2]) };
}

/** Shows progress until the job ends: a bar on a terminal, one line per phase otherwise. */
async function follow(repositories: Repositories, jobs: BacktestJobs, job: Backtest): Promise<Backtest> {
  const tty = process.stderr.isTTY === true;
  const events = jobs.events.subscribe('backtest', job.id)[Symbol.asyncIterator]();
  // Listen first, then read the stored state, so that an end published in between is not missed.
  let pending = events.next();
  let state = (await repositories.backtests.findById(job.id)) ?? job;
  let lastPhase = '';
  try {
    while (state.status === 'queued' || state.status === 'running') {
      const next = await pending;
      if (next.done) break;
      state = next.value;
      pending = events.next();
      const { phase, percent, factsRead, factsTotal, participantsEvaluated } = state.progress;
      if (tty) {
        const filled = Math.round(percent / 5);
        process.stderr.write(
          `\r[${'#'.repeat(filled)}${'.'.repeat(20 - filled)}] ${String(percent).padStart(3)}% ${phase.padEnd(10)} ${factsRead.toLocaleString('en-US')}/${factsTotal.toLocaleString('en-US')} facts, ${participantsEvaluated.toLocaleString('en-US')} statements`,
        );
      } else if (phase !== lastPhase) {
        process.stderr.write(`${phase}...\n`);
      }
      lastPhase = phase;
    }
    if (tty) process.stderr.write('\n');
    return state;
  } finally {
    await events.return?.();
  }
}

function printSummary(job: Backtest): void {
  const money = (minor: number) => formatMinor(minor, job.currency);
  const percent = (value: number | null) => (value === null ? 'n/a' : `${(value * 100).toFixed(2)}%`);
  const signed = (minor: number) => (minor > 0 ? `+${money(minor)}` : money(minor));
  console.log(
    `\nBaseline ${job.request.baseline.label}, ${job.periods[0]} to ${job.periods.at(-1)}, ${job.summary?.participants ?? 0} participants, ${job.currency}\n`,
  );
  const table: string[][] = [
    ['candidate', 'period', 'baseline', 'candidate', 'delta', 'change', 'gain/lose/same'],
  ];
  for (const summary of job.summary?.candidates ?? []) {
    for (const period of summary.periods) {
      table.push([
        summary.label,
        period.periodId,
        money(period.baselineMinor),
        money(period.candidateMinor),
        signed(period.deltaMinor),
        percent(period.percentChange),
        '',
      ]);
    }
    const { gain, lose, unchanged } = summary.distribution;
    table.push([
      summary.label,
      'total',
      money(summary.baselineMinor),
      money(summary.totalMinor),
      signed(summary.deltaMinor),
      percent(summary.percentChange),
      `${gain}/${lose}/${unchanged}`,
    ]);
  }
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  for (const [index, row] of table.entries()) {
    console.log(
      row.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '),
    );
    if (index === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

function toCsv(job: Backtest, rows: readonly StoredBacktestRow[]): string {
  const labels = job.request.candidates.map((c) => c.label);
  const header = [
    'period',
    'participant',
    'currency',
    'baseline_minor',
    ...labels.flatMap((l) => [`${l} total_minor`, `${l} delta_minor`, `${l} percent_change`]),
  ];
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) {
    lines.push(
      [
        row.periodId,
        row.participantId,
        job.currency,
        String(row.baselineMinor),
        ...row.candidates.flatMap((c) => [
          String(c.totalMinor),
          String(c.deltaMinor),
          c.percentChange === null ? '' : String(c.percentChange),
        ]),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

process.exitCode = await main();
