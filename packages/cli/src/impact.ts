/**
 * `attain impact OLD.plan NEW.plan --from 2025-Q1 --to 2025-Q4 --url URL`: what the change from
 * OLD to NEW would have paid, replayed by a running Attain server as a backtest (both texts as
 * draft candidates against the published plan of the same name), printed as a table per period
 * with a per-person CSV.
 */
import { writeFile } from 'node:fs/promises';
import { checkPlan, digitsOf, formatMinor, parsePlan } from '@attain/rules';
import type { Output } from './main.js';
import { textReport } from './report.js';

export interface ImpactOptions {
  oldFile: string;
  oldText: string;
  newFile: string;
  newText: string;
  from: string;
  to: string;
  /** The server's GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  url: string;
  key: string;
  /** The published plan to run against (its id); by default the one named as OLD's header names it. */
  planId?: string;
  /** Where to write one line per participant; none when absent. */
  csv?: string;
  /** How often to ask whether the backtest is done. */
  pollMs?: number;
}

/** A failure the admin can act on: printed without a stack trace, exit code 2. */
export class ImpactError extends Error {}

interface Money {
  minorUnits: number;
}
interface Summary {
  candidate: string;
  total: Money;
  periods: { period: string; candidate: Money }[];
}
interface Row {
  participantId: string;
  period: string;
  candidates: { candidate: string; total: Money }[];
}

const PLANS = `query ($after: String) { plans(first: 50, after: $after) {
  edges { node { externalId name } } pageInfo { hasNextPage endCursor } } }`;
const START = `mutation ($input: StartBacktestInput!) { startBacktest(input: $input) {
  __typename
  ... on Backtest { id }
  ... on PlanHasErrors { message diagnostics { severity code message range { start { line column } } } }
  ... on Error { code message } } }`;
const STATUS = `query ($id: ID!) { backtest(id: $id) { status currency participants error { code message }
  summaries { candidate total { minorUnits } periods { period candidate { minorUnits } } } } }`;
const ROWS = `query ($id: ID!, $after: String) { backtest(id: $id) { rows(first: 25, after: $after) {
  edges { node { participantId period candidates { candidate total { minorUnits } } } }
  pageInfo { hasNextPage endCursor } } } }`;

async function graphql<T>(
  options: ImpactOptions,
  query: string,
  variables: Record<string, unknown>,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.key}` },
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    const cause =
      error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new ImpactError(`cannot reach the Attain server at ${options.url} (${cause}). Is it running?`);
  }
  const body = (await response.json().catch(() => null)) as {
    data?: T;
    errors?: { message: string }[];
  } | null;
  if (!body || body.errors?.length || !body.data) {
    const why = body?.errors?.map((e) => e.message).join('; ') ?? `HTTP ${response.status}`;
    throw new ImpactError(`the server refused the request: ${why}`);
  }
  return body.data;
}

async function findPlanId(options: ImpactOptions, name: string): Promise<string> {
  let after: string | null = null;
  for (;;) {
    const data: {
      plans: {
        edges: { node: { externalId: string; name: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    } = await graphql(options, PLANS, { after });
    const found = data.plans.edges.find((e) => e.node.name === name);
    if (found) return found.node.externalId;
    if (!data.plans.pageInfo.hasNextPage) break;
    after = data.plans.pageInfo.endCursor;
  }
  throw new ImpactError(`the server has no plan named "${name}" to run against; give its id with --plan.`);
}

/** "1234.50" for 123450 minor units of USD: for a CSV, without grouping. */
function decimal(minor: number, currency: string): string {
  const digits = digitsOf(currency) ?? 2;
  const sign = minor < 0 ? '-' : '';
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${text}` : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** A CSV field, quoted when it holds a comma, a quote or a line break. */
function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function signed(minor: number, currency: string): string {
  return `${minor > 0 ? '+' : ''}${formatMinor(minor, currency, { withCode: false })}`;
}

function percentChange(before: number, after: number): string {
  if (before === 0) return after === 0 ? '0%' : 'n/a';
  const change = (after - before) / before;
  return `${change > 0 ? '+' : ''}${(change * 100).toFixed(1)}%`;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '),
    )
    .join('\n');
}

/** Runs the backtest and prints its summary; resolves to the exit code. */
export async function impact(options: ImpactOptions, output: Output): Promise<number> {
  // The server would refuse text with errors too, but here they point at the files.
  const errors = [
    {
      file: options.oldFile,
      diagnostics: checkPlan(options.oldText).diagnostics.filter((d) => d.severity === 'error'),
    },
    {
      file: options.newFile,
      diagnostics: checkPlan(options.newText).diagnostics.filter((d) => d.severity === 'error'),
    },
  ];
  if (errors.some((e) => e.diagnostics.length > 0)) {
    output.err(`${textReport(errors)}attain impact: fix the errors first.\n`);
    return 1;
  }
  const name = parsePlan(options.oldText).ast?.name?.text ?? '';
  const planId = options.planId ?? (await findPlanId(options, name));
  const input = {
    baseline: { planId },
    candidates: [
      { label: 'old', text: options.oldText },
      { label: 'new', text: options.newText },
    ],
    from: options.from,
    to: options.to,
  };
  const started: { startBacktest: { __typename: string; id?: string; message?: string } } = await graphql(
    options,
    START,
    { input },
  );
  const job = started.startBacktest;
  if (job.__typename !== 'Backtest' || !job.id) {
    throw new ImpactError(`the server did not start the backtest: ${job.message ?? job.__typename}`);
  }
  type Status = {
    status: string;
    currency: string;
    participants: number | null;
    error: { code: string; message: string } | null;
    summaries: Summary[];
  };
  let status: Status;
  for (;;) {
    status = (await graphql<{ backtest: Status }>(options, STATUS, { id: job.id })).backtest;
    if (status.status === 'complete') break;
    if (status.status === 'failed' || status.status === 'cancelled') {
      throw new ImpactError(`the backtest ${status.status}: ${status.error?.message ?? 'no reason given'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500));
  }
  const currency = status.currency;
  const old = status.summaries.find((s) => s.candidate === 'old')!;
  const next = status.summaries.find((s) => s.candidate === 'new')!;
  const lines = [['period', options.oldFile, options.newFile, 'change', '%']];
  old.periods.forEach((p, i) => {
    const before = p.candidate.minorUnits;
    const after = next.periods[i]!.candidate.minorUnits;
    lines.push([
      p.period,
      formatMinor(before, currency, { withCode: false }),
      formatMinor(after, currency, { withCode: false }),
      signed(after - before, currency),
      percentChange(before, after),
    ]);
  });
  const before = old.total.minorUnits;
  const after = next.total.minorUnits;
  lines.push([
    'total',
    formatMinor(before, currency, { withCode: false }),
    formatMinor(after, currency, { withCode: false }),
    signed(after - before, currency),
    percentChange(before, after),
  ]);

  // Per person, summed over the periods: every page of rows.
  const people = new Map<string, { old: number; new: number }>();
  let cursor: string | null = null;
  for (;;) {
    const page: {
      backtest: { rows: { edges: { node: Row }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
    } = await graphql(options, ROWS, { id: job.id, after: cursor });
    for (const { node } of page.backtest.rows.edges) {
      const person = people.get(node.participantId) ?? { old: 0, new: 0 };
      person.old += node.candidates.find((c) => c.candidate === 'old')?.total.minorUnits ?? 0;
      person.new += node.candidates.find((c) => c.candidate === 'new')?.total.minorUnits ?? 0;
      people.set(node.participantId, person);
    }
    if (!page.backtest.rows.pageInfo.hasNextPage) break;
    cursor = page.backtest.rows.pageInfo.endCursor;
  }
  const deltas = [...people.values()].map((p) => p.new - p.old);
  output.out(
    `Impact of ${options.newFile} against ${options.oldFile}, ${options.from} to ${options.to}, in ${currency} (backtest ${job.id} on plan ${planId}):\n\n${table(lines)}\n\n` +
      `people: ${deltas.filter((d) => d > 0).length} gain, ${deltas.filter((d) => d < 0).length} lose, ${deltas.filter((d) => d === 0).length} unchanged\n`,
  );
  if (options.csv) {
    const csv = ['participant_id,currency,old,new,change'];
    for (const [id, p] of [...people.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      csv.push(
        [
          csvField(id),
          currency,
          decimal(p.old, currency),
          decimal(p.new, currency),
          decimal(p.new - p.old, currency),
        ].join(','),
      );
    }
    await writeFile(options.csv, `${csv.join('\n')}\n`);
    output.out(`per-person changes written to ${options.csv}\n`);
  }
  return 0;
}
