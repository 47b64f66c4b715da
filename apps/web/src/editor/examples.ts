import { type Diagnostic, type PlanNode, parsePlan } from '@attain/rules';

/** One checked example of a plan and whether it holds. */
export interface ExampleOutcome {
  name: string;
  /** 1-based line of `example "..."`. */
  line: number;
  /** 'not-run' while the plan has other errors: the checker runs examples only on a plan that compiles. */
  status: 'passed' | 'failed' | 'not-run';
  /** The failed expectations' messages, with their lines. */
  failures: { line: number; message: string }[];
}

const EXAMPLE_CODES = new Set(['EXAMPLE_FAILED', 'EXAMPLE_VALUES']);

/**
 * Each example of the plan with pass or fail, from checkPlan's diagnostics: an example fails when
 * an example diagnostic points inside it. `ast` is the parsed plan (parsePlan's), null when the
 * text could not be read.
 */
export function exampleOutcomes(ast: PlanNode | null, diagnostics: readonly Diagnostic[]): ExampleOutcome[] {
  if (!ast) return [];
  const blocked = diagnostics.some((d) => d.severity === 'error' && !EXAMPLE_CODES.has(d.code));
  return ast.declarations.flatMap((declaration) => {
    if (declaration.kind !== 'ExampleDecl') return [];
    const { start, end } = declaration.range;
    const failures = diagnostics
      .filter(
        (d) =>
          EXAMPLE_CODES.has(d.code) &&
          d.range.start.offset >= start.offset &&
          d.range.start.offset <= end.offset,
      )
      .map((d) => ({ line: d.range.start.line, message: d.message }));
    return [
      {
        name: declaration.name?.text ?? '(no name)',
        line: start.line,
        status: blocked ? 'not-run' : failures.length > 0 ? 'failed' : 'passed',
        failures: blocked ? [] : failures,
      },
    ];
  });
}

/** The examples of a text as checkPlan left them. */
export function examplesOf(text: string, diagnostics: readonly Diagnostic[]): ExampleOutcome[] {
  return exampleOutcomes(parsePlan(text).ast, diagnostics);
}
