import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../src/main.js';

const header = 'plan "Test"\n  period quarter\n  currency USD\n  target incentive: annual, not prorated\n\n';
const good = `${header}measure revenue = sum of order.amount

component "Revenue" weight 100% for team
  pays revenue / goal "Revenue"

example "On target":
  given target incentive = 1,000, revenue = 100, goal "Revenue" = 100
  # 100 / 100 = 100% of the target 1,000.
  expect "Revenue" pays 1,000.00

example "Half way":
  given target incentive = 1,000, revenue = 50, goal "Revenue" = 100
  # 50 / 100 = 50% of 1,000 = 500.00; the plan text says 400.00, which is wrong.
  expect "Revenue" pays 400.00
`;
const misspelt = `${header}measure revenue = sum of order.amount

component "Revenue" weight 100% for team
  pays revenu / goal "Revenue"
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'attain-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('attain check', () => {
  it('prints file:line:col: severity code message and exits 1 on an error', async () => {
    const path = file('bad.plan', misspelt);
    const { code, out, err } = await run('check', path);
    expect(code).toBe(1);
    // 'revenu' is on line 9, column 8.
    expect(out).toBe(
      `${path}:9:8: error UNKNOWN_MEASURE There is no measure named 'revenu'. Define it with 'measure revenu = ...'. Did you mean 'revenue'?\n`,
    );
    expect(err).toBe('1 plan checked, 1 error.\n');
  });

  it('exits 0 when the plans have no errors, searching a directory for .plan files', async () => {
    file(
      'a.plan',
      `${header}measure revenue = sum of order.amount\n\ncomponent "R" weight 100% for team\n  pays 5% of revenue\n`,
    );
    file('notes.txt', 'not a plan');
    const { code, err } = await run('check', dir);
    expect(code).toBe(0);
    expect(err).toBe('1 plan checked, 0 errors.\n');
  });

  it('reports as JSON with 1-based ranges', async () => {
    const path = file('bad.plan', misspelt);
    const { code, out } = await run('check', '--format', 'json', path);
    expect(code).toBe(1);
    const report = JSON.parse(out);
    expect(report.files[0].file).toBe(path);
    expect(
      report.files[0].diagnostics.find((d: { code: string }) => d.code === 'UNKNOWN_MEASURE'),
    ).toMatchObject({
      severity: 'error',
      range: { start: { line: 9, column: 8 }, end: { line: 9, column: 14 } },
    });
  });

  it('reports as SARIF 2.1.0 with a rule per code and the region of each result', async () => {
    const path = file('bad.plan', misspelt);
    const { out } = await run('check', '--format=sarif', path);
    const log = JSON.parse(out);
    expect(log.version).toBe('2.1.0');
    const run0 = log.runs[0];
    const result = run0.results.find((r: { ruleId: string }) => r.ruleId === 'UNKNOWN_MEASURE');
    expect(run0.tool.driver.rules[result.ruleIndex].id).toBe('UNKNOWN_MEASURE');
    expect(result.level).toBe('error');
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: path },
      region: { startLine: 9, startColumn: 8, endLine: 9, endColumn: 14 },
    });
  });

  it('refuses an unknown report format and a missing file with exit 2', async () => {
    const path = file('a.plan', misspelt);
    expect(await run('check', '--format', 'xml', path)).toMatchObject({
      code: 2,
      err: "attain check: --format must be text, json or sarif, not 'xml'.\n",
    });
    expect(await run('check', join(dir, 'missing.plan'))).toMatchObject({
      code: 2,
      err: `attain: ${join(dir, 'missing.plan')}: no such file or directory\n`,
    });
  });
});

describe('attain format', () => {
  const messy = `${header}measure   revenue=sum of order.amount\n`;

  it('--check exits 1 naming a plan that is not in the canonical layout, and leaves it as it is', async () => {
    const path = file('a.plan', messy);
    const { code, out } = await run('format', '--check', path);
    expect(code).toBe(1);
    expect(out).toBe(`${path}: not in the canonical layout (run attain format --write ${path})\n`);
    expect(readFileSync(path, 'utf8')).toBe(messy);
  });

  it('--write rewrites the plan, after which --check passes', async () => {
    const path = file('a.plan', messy);
    expect((await run('format', '--write', path)).out).toBe(`formatted ${path}\n`);
    expect(readFileSync(path, 'utf8')).toContain('measure revenue = sum of order.amount\n');
    expect((await run('format', '--check', path)).code).toBe(0);
  });

  it('does not format a plan with syntax errors and says where they are', async () => {
    const path = file('a.plan', `${header}measure revenue = sum of\n`);
    const { code, err } = await run('format', '--write', path);
    expect(code).toBe(1);
    expect(err).toMatch(new RegExp(`^${path.replace(/[.\\]/g, '\\$&')}:\\d+:\\d+: error SYNTAX_ERROR `));
    expect(err).toContain(`${path}: not formatted: fix the syntax errors first.`);
    expect(readFileSync(path, 'utf8')).toBe(`${header}measure revenue = sum of\n`);
  });
});

describe('attain test', () => {
  it("runs each plan's examples, shows the failing one's expected and actual amounts, and exits 1", async () => {
    const path = file('a.plan', good);
    const { code, out } = await run('test', path);
    expect(code).toBe(1);
    expect(out).toBe(
      [
        path,
        '  ✓ example "On target"',
        '  ✗ example "Half way"',
        `      ${path}:19:3: Example "Half way": expected "Revenue" to pay 400.00 USD, but it pays 500.00 USD.`,
        'examples: 1 passed, 1 failed',
        '',
      ].join('\n'),
    );
  });

  it('exits 0 when every example holds', async () => {
    const path = file('a.plan', good.replace('pays 400.00', 'pays 500.00'));
    const { code, out } = await run('test', path);
    expect(code).toBe(0);
    expect(out.trim().split('\n').at(-1)).toBe('examples: 2 passed, 0 failed');
  });
});

describe('the attain command', () => {
  it('runs as a package bin and exits 1 on a plan with errors', () => {
    const path = file('bad.plan', misspelt);
    const bin = fileURLToPath(new URL('../bin/attain.js', import.meta.url));
    const result = spawnSync(process.execPath, [bin, 'check', path], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`${path}:9:8: error UNKNOWN_MEASURE`);
  }, 60_000);
});
