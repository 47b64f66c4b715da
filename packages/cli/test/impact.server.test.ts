import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../apps/api/src/demo/seed-demo.js';
import { useTestDatabase } from '../../../apps/api/test/support/database.js';
// Declares the database URI the API's global setup provides to the tests.
import type {} from '../../../apps/api/test/support/global-setup.js';
import { createTestApp, type TestApp } from '../../../apps/api/test/support/test-app.js';
import { main } from '../src/main.js';

const examples = join(import.meta.dirname, '..', '..', '..', 'docs', 'examples');
const oldText = readFileSync(join(examples, 'team-performance.plan'), 'utf8');
/** The accelerator on team revenue twice as steep (100% to 300% from 100% to 150% attainment); its examples dropped. */
const newText = `${
  oldText
    .replace(
      'from 100% up to and including 150%: 100% to 200%',
      'from 100% up to and including 150%: 100% to 300%',
    )
    .replace('above 150%: 200%\n\ncomponent "Gross margin"', 'above 150%: 300%\n\ncomponent "Gross margin"')
    .split('\nexample ')[0]
}\n`;

const database = useTestDatabase();
let api: TestApp;
let server: Server;
let url: string;
const dir = join(tmpdir(), `attain-impact-${process.pid}`);

beforeAll(async () => {
  api = await createTestApp(database.db);
  // Three teams of four, 2024-2025, the archetype plans published ("team-performance" among them).
  await seedDemo(api.repositories, () => {});
  server = createServer(api.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  await import('node:fs/promises').then((fs) => fs.mkdir(dir, { recursive: true }));
  writeFileSync(join(dir, 'old.plan'), oldText);
  writeFileSync(join(dir, 'new.plan'), newText);
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** "1,234.50" or "+1,234.50" -> 123450. */
function minor(text: string): number {
  return Math.round(Number(text.replace(/[+,]/g, '')) * 100);
}

describe('attain impact', () => {
  it('prints the change per period against a running server and writes it per person as CSV', async () => {
    const csv = join(dir, 'people.csv');
    const oldFile = join(dir, 'old.plan');
    const newFile = join(dir, 'new.plan');
    const result = await run(
      'impact',
      oldFile,
      newFile,
      '--from',
      '2025-Q1',
      '--to',
      '2025-Q4',
      '--url',
      url,
      '--key',
      api.keys.analyst,
      '--csv',
      csv,
    );
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const lines = result.out.split('\n');
    expect(lines[0]).toMatch(
      /^Impact of .*new\.plan against .*old\.plan, 2025-Q1 to 2025-Q4, in USD \(backtest .+ on plan team-performance\):$/,
    );
    const rows = lines.filter((l) => /^(2025-Q[1-4]|total) /.test(l)).map((l) => l.trim().split(/\s{2,}/));
    expect(rows.map((r) => r[0])).toEqual(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', 'total']);
    for (const [, before, after, change] of rows) {
      // Each change is the new amount less the old one.
      expect(minor(change!)).toBe(minor(after!) - minor(before!));
      // A steeper accelerator pays the same below target and more above it, never less.
      expect(minor(change!)).toBeGreaterThanOrEqual(0);
    }
    // The total row is the sum of the periods.
    const total = rows.at(-1)!;
    expect(minor(total[1]!)).toBe(rows.slice(0, 4).reduce((sum, r) => sum + minor(r[1]!), 0));
    expect(minor(total[2]!)).toBe(rows.slice(0, 4).reduce((sum, r) => sum + minor(r[2]!), 0));
    expect(result.out).toMatch(/people: \d+ gain, 0 lose, \d+ unchanged\n/);

    const people = readFileSync(csv, 'utf8').trim().split('\n');
    expect(people[0]).toBe('participant_id,currency,old,new,change');
    // The demo assigns one team of four to this plan; their old and new amounts add up to the table's totals.
    expect(people).toHaveLength(5);
    const cells = people.slice(1).map((l) => l.split(','));
    expect(cells.reduce((sum, c) => sum + minor(c[2]!), 0)).toBe(minor(total[1]!));
    expect(cells.reduce((sum, c) => sum + minor(c[3]!), 0)).toBe(minor(total[2]!));
    for (const c of cells) expect(minor(c[4]!)).toBe(minor(c[3]!) - minor(c[2]!));
  });

  it("says when no plan on the server has the old plan's name", async () => {
    const renamed = join(dir, 'renamed.plan');
    writeFileSync(
      renamed,
      oldText.replace('plan "Key accounts - team performance"', 'plan "Nobody has this"'),
    );
    const result = await run(
      'impact',
      renamed,
      join(dir, 'new.plan'),
      '--from',
      '2025-Q1',
      '--to',
      '2025-Q4',
      '--url',
      url,
      '--key',
      api.keys.analyst,
    );
    expect(result).toMatchObject({
      code: 2,
      err: 'attain impact: the server has no plan named "Nobody has this" to run against; give its id with --plan.\n',
    });
  });

  it('says when the server cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await run(
      'impact',
      join(dir, 'old.plan'),
      join(dir, 'new.plan'),
      '--from',
      '2025-Q1',
      '--to',
      '2025-Q4',
      '--url',
      `http://127.0.0.1:${port}/graphql`,
      '--key',
      'k',
    );
    expect(result.code).toBe(2);
    expect(result.err).toContain(
      `attain impact: cannot reach the Attain server at http://127.0.0.1:${port}/graphql (`,
    );
  });
});
