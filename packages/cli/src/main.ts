/**
 * `attain`: plans as code. `check` reports diagnostics (text, JSON or SARIF) and exits 1 on an
 * error; `format` checks or rewrites the canonical layout; `test` runs each plan's examples.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { checkPlan, type Diagnostic, formatPlan, parsePlan } from '@attain/rules';
import { planFiles } from './files.js';
import { ImpactError, impact } from './impact.js';
import { type FileDiagnostics, jsonReport, sarifReport, textReport } from './report.js';

/** Where the command writes; the process's streams unless a caller (a test) captures them. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

const processOutput: Output = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

export const usage = `Usage: attain <command> [options] <files or directories...>

Commands:
  check [--format text|json|sarif]   Report each plan's diagnostics; exit 1 if any is an error.
  format --check | --write           --check: exit 1 if a plan is not in the canonical layout;
                                     --write: rewrite the plans. Neither: print the formatted plan.
  test                               Run every plan's examples; exit 1 if one fails.
  impact OLD.plan NEW.plan --from 2025-Q1 --to 2025-Q4 --url URL [--key KEY] [--plan ID] [--csv FILE]
                                     Replay the change on a running server (a backtest): a
                                     table per period, and per-person changes as CSV. The key
                                     (an admin or analyst key) may be given as ATTAIN_API_KEY.

Directories are searched for *.plan files.
`;

/** Runs the command line `argv` (without 'node attain'); resolves to the exit code. */
export async function main(argv: readonly string[], output: Output = processOutput): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return await check(rest, output);
      case 'format':
        return await format(rest, output);
      case 'test':
        return await test(rest, output);
      case 'impact':
        return await impactCommand(rest, output);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        output.out(usage);
        return command === undefined ? 2 : 0;
      default:
        output.err(`attain: unknown command '${command}'.\n\n${usage}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof ImpactError) {
      output.err(`attain impact: ${error.message}\n`);
      return 2;
    }
    // Bad options are the admin's to fix: say which, without a stack trace.
    output.err(`attain ${command}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

async function readPlans(paths: string[], output: Output): Promise<{ file: string; text: string }[] | null> {
  if (paths.length === 0) {
    output.err('attain: name the plan files or directories to read, e.g. attain check plans/\n');
    return null;
  }
  const { files, missing } = await planFiles(paths);
  for (const path of missing) output.err(`attain: ${path}: no such file or directory\n`);
  if (missing.length > 0) return null;
  return Promise.all(files.map(async (file) => ({ file, text: await readFile(file, 'utf8') })));
}

async function check(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string', default: 'text' } },
  });
  const reporters = { text: textReport, json: jsonReport, sarif: sarifReport };
  const reporter = reporters[values.format as keyof typeof reporters];
  if (!reporter) throw new Error(`--format must be text, json or sarif, not '${values.format}'.`);
  const plans = await readPlans(positionals, output);
  if (!plans) return 2;
  const results: FileDiagnostics[] = plans.map(({ file, text }) => ({
    file,
    diagnostics: checkPlan(text).diagnostics,
  }));
  output.out(reporter(results));
  const errors = results.flatMap((r) => r.diagnostics).filter((d) => d.severity === 'error').length;
  if (values.format === 'text') {
    output.err(
      `${plans.length} plan${plans.length === 1 ? '' : 's'} checked, ${errors} error${errors === 1 ? '' : 's'}.\n`,
    );
  }
  return errors > 0 ? 1 : 0;
}

function syntaxErrors(file: string, diagnostics: readonly Diagnostic[]): string {
  return textReport([{ file, diagnostics: diagnostics.filter((d) => d.severity === 'error') }]);
}

async function format(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { check: { type: 'boolean', default: false }, write: { type: 'boolean', default: false } },
  });
  if (values.check && values.write) throw new Error('give --check or --write, not both.');
  const plans = await readPlans(positionals, output);
  if (!plans) return 2;
  let failed = 0;
  for (const { file, text } of plans) {
    const result = formatPlan(text);
    if (!result.formatted) {
      output.err(
        `${syntaxErrors(file, result.diagnostics)}${file}: not formatted: fix the syntax errors first.\n`,
      );
      failed++;
    } else if (values.write) {
      if (result.text !== text) {
        await writeFile(file, result.text);
        output.out(`formatted ${file}\n`);
      }
    } else if (values.check) {
      if (result.text !== text) {
        output.out(`${file}: not in the canonical layout (run attain format --write ${file})\n`);
        failed++;
      }
    } else {
      output.out(result.text);
    }
  }
  return failed > 0 ? 1 : 0;
}

async function test(args: string[], output: Output): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const plans = await readPlans(positionals, output);
  if (!plans) return 2;
  let passed = 0;
  let failed = 0;
  for (const { file, text } of plans) {
    const { diagnostics } = checkPlan(text);
    const failures = diagnostics.filter((d) => d.code === 'EXAMPLE_FAILED');
    const otherErrors = diagnostics.filter((d) => d.severity === 'error' && d.code !== 'EXAMPLE_FAILED');
    output.out(`${file}\n`);
    if (otherErrors.length > 0) {
      // Examples run only on a plan that compiles.
      output.out(
        `  ✗ the plan has errors, so its examples cannot run:\n${indent(syntaxErrors(file, otherErrors))}`,
      );
      failed++;
      continue;
    }
    const examples = (parsePlan(text).ast?.declarations ?? []).filter((d) => d.kind === 'ExampleDecl');
    if (examples.length === 0) output.out('  (no examples)\n');
    for (const example of examples) {
      const name = example.name?.text ?? '';
      const mine = failures.filter(
        (d) =>
          d.range.start.offset >= example.range.start.offset &&
          d.range.end.offset <= example.range.end.offset,
      );
      if (mine.length === 0) {
        output.out(`  ✓ example "${name}"\n`);
        passed++;
      } else {
        output.out(`  ✗ example "${name}"\n`);
        for (const d of mine)
          output.out(`      ${file}:${d.range.start.line}:${d.range.start.column}: ${d.message}\n`);
        failed++;
      }
    }
  }
  output.out(`examples: ${passed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}

function indent(text: string): string {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => `      ${line}\n`)
    .join('');
}

async function impactCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      url: { type: 'string' },
      key: { type: 'string' },
      plan: { type: 'string' },
      csv: { type: 'string' },
    },
  });
  if (positionals.length !== 2)
    throw new Error('name the old and the new plan file: attain impact OLD.plan NEW.plan ...');
  for (const option of ['from', 'to', 'url'] as const) {
    if (!values[option])
      throw new Error(
        `--${option} is required (e.g. --from 2025-Q1 --to 2025-Q4 --url http://127.0.0.1:4000/graphql).`,
      );
  }
  const key = values.key ?? process.env.ATTAIN_API_KEY;
  if (!key) throw new Error('give an admin or analyst API key with --key or ATTAIN_API_KEY.');
  const plans = await readPlans(positionals, output);
  if (!plans) return 2;
  const [oldPlan, newPlan] = plans as [{ file: string; text: string }, { file: string; text: string }];
  return impact(
    {
      oldFile: oldPlan.file,
      oldText: oldPlan.text,
      newFile: newPlan.file,
      newText: newPlan.text,
      from: values.from!,
      to: values.to!,
      url: values.url!,
      key,
      ...(values.plan && { planId: values.plan }),
      ...(values.csv && { csv: values.csv }),
    },
    output,
  );
}
