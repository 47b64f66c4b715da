/**
 * Load: 50 concurrent clients request statements for 60 seconds over real HTTP on loopback,
 * against the embedded database (or MONGODB_URI) seeded with the demo organisation; and the same
 * clients send the trivial `{ __typename }` for as long, with the key and without one, so the
 * ratio shows what a statement read costs beyond the HTTP, GraphQL and key-checking plumbing. The
 * three phases take turns in slices of `--slice` seconds (5), so that on a machine shared with
 * other work they meet the same background load and their ratio means something. The whole run
 * is repeated (`--runs`, 2 by default) in the same server process, and the memory after each run
 * (after a forced GC) is printed with what the statement caches hold, so a leak shows as growth
 * from one run to the next. The clients run in a child process, so their work sits neither on the
 * server's event loop nor in its CPU time and memory; `*_server_cpu_ms_per_request` is the server
 * process's CPU time over its requests, a figure that a busy machine disturbs less than the rates.
 * The server runs as in production (NODE_ENV=production unless set). Prints `BENCH <name> <value>`
 * lines; the unprefixed lines are the last run's.
 *
 *   pnpm bench:load [-- --seconds 60 --clients 50 --runs 2 --slice 5]
 *   node --expose-gc --cpu-prof --import tsx bench/load.ts --seconds 10   (a .cpuprofile to read)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

// graphql reads NODE_ENV once, when it is first imported (outside production it checks every
// instanceof across realms), so set it before the app is imported.
process.env.NODE_ENV ??= 'production';
const { createApp } = await import('../src/app.js');
const { createApiKey } = await import('../src/auth/create-api-key.js');
const { openStore } = await import('../src/db/connection.js');
const { seedDemo } = await import('../src/demo/seed-demo.js');
const { createRepositories, ensureAllIndexes } = await import('../src/repositories/index.js');

const { values } = parseArgs({
  // pnpm passes a lone "--" through to the script.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    seconds: { type: 'string', default: '60' },
    clients: { type: 'string', default: '50' },
    runs: { type: 'string', default: '2' },
    slice: { type: 'string', default: '5' },
  },
});
const seconds = Number(values.seconds);
const clients = Number(values.clients);
const runs = Number(values.runs);
const slice = Number(values.slice);
for (const [name, value] of [
  ['--seconds', seconds],
  ['--clients', clients],
  ['--runs', runs],
  ['--slice', slice],
] as const) {
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a whole number of at least 1, e.g. ${name} 10`);
  }
}

/** One phase of load as the worker reports it. */
interface PhaseResult {
  requests: number;
  errors: number;
  /** Milliseconds per request, sorted ascending. */
  latencies: number[];
  elapsedMs: number;
  /** CPU milliseconds the server process used during the phase (user and system). */
  cpuMs: number;
}

/**
 * The load generator, as plain JavaScript for a child process: `clients` loops, each sending its
 * next body as soon as the previous answer is read, over keep-alive connections, until the time is
 * up. A request is an error unless it answers 200 with no `errors`. It runs in its own process so
 * that its CPU and memory are not counted as the server's.
 */
const CLIENT_CODE = `
const http = require('node:http');
const { performance } = require('node:perf_hooks');
process.once('message', async ({ port, key, bodies, clients, seconds }) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  function send(body) {
    return new Promise((resolve) => {
      const request = http.request(
        { host: '127.0.0.1', port, path: '/graphql', method: 'POST', agent,
          headers: { 'content-type': 'application/json', ...(key ? { authorization: 'Bearer ' + key } : {}), 'content-length': Buffer.byteLength(body) } },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk) => { text += chunk; });
          response.on('end', () => resolve(response.statusCode === 200 && !text.includes('"errors"')));
        },
      );
      request.on('error', () => resolve(false));
      request.end(body);
    });
  }
  const latencies = [];
  let errors = 0;
  let next = 0;
  process.send({ started: true });
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (performance.now() < end) {
      const body = bodies[next++ % bodies.length];
      const sent = performance.now();
      const ok = await send(body);
      latencies.push(performance.now() - sent);
      if (!ok) errors += 1;
    }
  }));
  const elapsedMs = performance.now() - start;
  agent.destroy();
  process.send({ requests: latencies.length, errors, latencies, elapsedMs }, () => process.exit(0));
});
`;

/**
 * Sends `bodies` round robin for `seconds`; with `key` null the requests carry no Authorization.
 * `cpuMs` is the CPU time this (the server's) process used while the clients were sending.
 */
function runSlice(port: number, key: string | null, bodies: string[], seconds: number): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', CLIENT_CODE], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let cpuBefore: NodeJS.CpuUsage | null = null;
    child.on('message', (message: { started: true } | Omit<PhaseResult, 'cpuMs'>) => {
      if ('started' in message) {
        cpuBefore = process.cpuUsage();
        return;
      }
      const cpu = process.cpuUsage(cpuBefore ?? undefined);
      resolve({ ...message, cpuMs: (cpu.user + cpu.system) / 1000 });
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`The load generator exited with code ${code}.`));
    });
    child.send({ port, key, bodies, clients, seconds });
  });
}

/** A phase's slices as one result: their requests, errors and latencies together. */
function merge(slices: readonly PhaseResult[]): PhaseResult {
  return {
    requests: slices.reduce((sum, result) => sum + result.requests, 0),
    errors: slices.reduce((sum, result) => sum + result.errors, 0),
    latencies: slices.flatMap((result) => result.latencies).sort((a, b) => a - b),
    elapsedMs: slices.reduce((sum, result) => sum + result.elapsedMs, 0),
    cpuMs: slices.reduce((sum, result) => sum + result.cpuMs, 0),
  };
}

/**
 * `seconds` of each phase, the phases taking turns in slices of at most `slice` seconds, so a
 * change in the machine's background load falls on all three alike.
 */
async function runPhases(
  port: number,
  phases: Record<string, { key: string | null; bodies: string[] }>,
): Promise<Record<string, PhaseResult>> {
  const slices: Record<string, PhaseResult[]> = Object.fromEntries(
    Object.keys(phases).map((name) => [name, []]),
  );
  for (let done = 0; done < seconds; done += slice) {
    for (const [name, { key, bodies }] of Object.entries(phases)) {
      slices[name]?.push(await runSlice(port, key, bodies, Math.min(slice, seconds - done)));
    }
  }
  return Object.fromEntries(Object.entries(slices).map(([name, results]) => [name, merge(results)]));
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.max(0, Math.ceil(sorted.length * fraction) - 1)] ?? Number.NaN;
}

/** Prints one phase's lines under `prefix` (e.g. `run1_`) and returns its requests per second. */
function report(prefix: string, name: string, result: PhaseResult): number {
  const perSecond = result.requests / (result.elapsedMs / 1000);
  console.log(`BENCH ${prefix}${name}_requests_per_s ${perSecond.toFixed(1)}`);
  console.log(`BENCH ${prefix}${name}_p50_ms ${percentile(result.latencies, 0.5).toFixed(2)}`);
  console.log(`BENCH ${prefix}${name}_p99_ms ${percentile(result.latencies, 0.99).toFixed(2)}`);
  console.log(`BENCH ${prefix}${name}_errors ${result.errors}`);
  console.log(
    `BENCH ${prefix}${name}_server_cpu_ms_per_request ${(result.cpuMs / result.requests).toFixed(3)}`,
  );
  return perSecond;
}

/** Resident set size and used heap in MB, after a full GC when node runs with --expose-gc. */
function memoryMb(): { rss: number; heap: number } {
  globalThis.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss: rss / 2 ** 20, heap: heapUsed / 2 ** 20 };
}

const dataDir = mkdtempSync(join(tmpdir(), 'attain-bench-load-'));
const store = await openStore({ dataDir, dbName: 'bench_load' });
try {
  await ensureAllIndexes(store.db);
  const repositories = createRepositories(store.db);
  const demo = await seedDemo(repositories, (line) => console.error(line));
  if (!demo) throw new Error('The bench database already holds plans; it needs an empty one.');
  const { secret } = await createApiKey(repositories, {
    name: 'bench analyst',
    role: 'analyst',
    participantId: null,
  });

  // Every participant with a statement, in each period the demo calculated.
  const statements = await store.db
    .collection<{ participantId: string; periodId: string }>('payout_statements')
    .find({}, { projection: { _id: 0, participantId: 1, periodId: 1 } })
    .toArray();
  const pairs = [...new Set(statements.map((s) => `${s.participantId}\u0000${s.periodId}`))].map((pair) => {
    const [participantId, period] = pair.split('\u0000');
    return { participantId, period };
  });
  if (pairs.length === 0) throw new Error('The demo calculated no statements.');
  const STATEMENTS = `query ($participantId: String!, $period: String!) {
    statements(participantId: $participantId, period: $period) {
      id period currency total { minorUnits } lines { component amount { minorUnits } explanationText }
    }
  }`;
  const statementBodies = pairs.map((variables) => JSON.stringify({ query: STATEMENTS, variables }));
  const typenameBodies = [JSON.stringify({ query: '{ __typename }' })];

  const server = createServer(createApp({ db: store.db, repositories, production: true }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  console.error(
    `Load: ${clients} clients, ${seconds} s per phase in slices of ${slice} s, ${pairs.length} participant-period pairs, port ${port}.`,
  );
  if (!globalThis.gc) console.error('No --expose-gc: memory is read without a forced GC first.');
  try {
    const before = memoryMb();
    console.log(`BENCH memory_rss_mb_before ${before.rss.toFixed(0)}`);
    console.log(`BENCH memory_heap_mb_before ${before.heap.toFixed(0)}`);
    let errors = 0;
    for (let run = 1; run <= runs; run += 1) {
      // The last run prints unprefixed too, as the headline figures.
      const prefixes = run === runs ? [`run${run}_`, ''] : [`run${run}_`];
      const results = (await runPhases(port, {
        load: { key: secret, bodies: statementBodies },
        typename: { key: secret, bodies: typenameBodies },
        typenameAnonymous: { key: null, bodies: typenameBodies },
      })) as Record<'load' | 'typename' | 'typenameAnonymous', PhaseResult>;
      errors += results.load.errors + results.typename.errors + results.typenameAnonymous.errors;
      const memory = memoryMb();
      const caches = repositories.payoutRuns.cacheSizes();
      for (const prefix of prefixes) {
        const load = report(prefix, 'load', results.load);
        const trivial = report(prefix, 'typename', results.typename);
        const anonymous = report(prefix, 'typename_anonymous', results.typenameAnonymous);
        console.log(`BENCH ${prefix}load_to_typename_throughput_ratio ${(load / trivial).toFixed(3)}`);
        console.log(
          `BENCH ${prefix}typename_to_anonymous_throughput_ratio ${(trivial / anonymous).toFixed(3)}`,
        );
        // What the throughput ratio would be if the server process's own CPU were all that limits it.
        const cpuPerRequest = (result: PhaseResult) => result.cpuMs / result.requests;
        console.log(
          `BENCH ${prefix}load_to_typename_cpu_ratio ${(cpuPerRequest(results.typename) / cpuPerRequest(results.load)).toFixed(3)}`,
        );
        console.log(`BENCH ${prefix}memory_rss_mb ${memory.rss.toFixed(0)}`);
        console.log(`BENCH ${prefix}memory_heap_mb ${memory.heap.toFixed(0)}`);
        console.log(`BENCH ${prefix}run_cache_periods ${caches.periods}`);
        console.log(`BENCH ${prefix}statement_cache_entries ${caches.statements}`);
        console.log(`BENCH ${prefix}statement_cache_kb ${(caches.statementBytes / 1024).toFixed(0)}`);
      }
    }
    console.log(`BENCH errors ${errors}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
} finally {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
}
