import type { CompiledPlan, PlanInput } from '../src/index.js';
import { checkPlan } from '../src/index.js';

/** A plan header for snippets: quarterly, in USD. */
export const header =
  'plan "Test"\n  period quarter\n  currency USD\n  target incentive: annual, not prorated\n';

/** Compiles or fails the test with the plan's errors. */
export function compile(text: string): CompiledPlan {
  const result = checkPlan(text);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (!result.plan || errors.length > 0) {
    throw new Error(
      `plan did not compile:\n${errors.map((e) => `${e.range.start.line}:${e.range.start.column} ${e.code} ${e.message}`).join('\n')}`,
    );
  }
  return result.plan;
}

/** Diagnostic codes of a text, in order. */
export function codes(text: string, severity?: 'error' | 'warning' | 'info'): string[] {
  return checkPlan(text)
    .diagnostics.filter((d) => (severity ? d.severity === severity : d.severity !== 'info'))
    .map((d) => d.code);
}

export function input(partial: Partial<PlanInput>): PlanInput {
  return { aggregates: {}, transactions: {}, goals: {}, targetIncentiveMinor: null, ...partial };
}

/** Amount of one line, by component name. */
export function line(plan: CompiledPlan, planInput: PlanInput, component: string): number {
  const found = plan.evaluate(planInput).lines.find((l) => l.component === component);
  if (!found) throw new Error(`no line ${component}`);
  return found.amountMinor;
}
