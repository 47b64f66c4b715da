/**
 * Checked examples inside a plan: each example's givens become a `PlanInput` (plus fixed
 * measure values), the plan is evaluated, and every expectation that does not hold is an
 * error pointing at it.
 */

import { EXAMPLE_ACCOUNT } from '../compiler/accounts.js';
import type { CompiledPlanInternals } from '../compiler/compile-plan.js';
import type { PlanInput } from '../compiler/compiled-plan.js';
import { describeScope } from '../compiler/expressions.js';
import type { Diagnostic } from '../diagnostics.js';
import { formatMinor, toMinor } from '../money/format.js';
import type * as ast from '../parser/ast.js';
import { componentCode } from '../parser/ast-queries.js';
import type { CheckedPlan } from './check-context.js';

export function runExamples(checked: CheckedPlan, compiled: CompiledPlanInternals): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const d of checked.plan.declarations) {
    if (d.kind === 'ExampleDecl') diagnostics.push(...runExample(checked, compiled, d));
  }
  return diagnostics;
}

function runExample(
  checked: CheckedPlan,
  compiled: CompiledPlanInternals,
  example: ast.ExampleDecl,
): Diagnostic[] {
  const digits = checked.currencyDigits;
  const money = (lit: ast.NumberLit) => toMinor(lit.written, digits);
  const goals: Record<string, number | null> = {};
  const transactions: Record<string, number[]> = {};
  const paidMinor: Record<string, number> = {};
  const overrides = new Map<string, number>();
  let targetIncentiveMinor: number | null = null;
  for (const item of example.given) {
    const first = item.values[0];
    const target = item.target;
    if (!first || !target) continue;
    switch (target.kind) {
      case 'GivenTargetIncentive':
        targetIncentiveMinor = money(first);
        break;
      case 'GivenGoal': {
        const name = target.name?.text ?? '';
        const unit = checked.goalUnits.get(name);
        const value = first.percent ? first.written / 100 : unit === 'money' ? money(first) : first.written;
        const owners = target.scope
          ? [
              target.scope.scope === 'individual' || target.scope.scope === 'managed teams'
                ? 'participant'
                : 'team',
            ]
          : ['team', 'participant'];
        for (const owner of owners) goals[`goal "${name}" of ${owner}`] = value;
        // An example has one period, so its goal is the goal in every window the plan reads it in.
        for (const reference of compiled.plan.requirements.goals) {
          if (reference.name === name && owners.includes(reference.owner)) goals[reference.key] = value;
        }
        break;
      }
      case 'GivenMeasure': {
        const decl = checked.measures.get(target.name.text);
        const unit = decl?.value ? checked.units.get(decl.value) : undefined;
        const value = first.percent ? first.written / 100 : unit === 'money' ? money(first) : first.written;
        const key = `${target.name.text}|${target.window ?? 'period'}`;
        overrides.set(target.scope ? `${key}|${describeScope(target.scope)}` : key, value);
        break;
      }
      case 'GivenDeals':
        for (const key of compiled.factListsByMeasure.get(target.name?.text ?? '') ?? []) {
          transactions[key] = item.values.map(money);
        }
        break;
      case 'GivenPaidEarlier': {
        // The example names the component; the evaluation reads what was paid by its code.
        const paidTo = checked.components.get(target.name?.text ?? '');
        paidMinor[paidTo ? componentCode(paidTo) : (target.name?.text ?? '')] = money(first);
        break;
      }
    }
  }
  const input: PlanInput = {
    aggregates: {},
    transactions,
    goals,
    targetIncentiveMinor,
    earlier: { paidMinor },
    // A component for each account reads the givens as the values of one account.
    ...(compiled.plan.components.some((c) => c.scope === 'account') ? { accounts: [EXAMPLE_ACCOUNT] } : {}),
  };
  const result = compiled.evaluateWith(input, overrides);
  const diagnostics: Diagnostic[] = [];
  const currency = checked.currency;
  for (const expectation of example.expectations) {
    if (!expectation.amount) continue;
    const expected = money(expectation.amount);
    const line = expectation.component
      ? result.lines.find((l) => l.component === expectation.component!.text)
      : null;
    if (expectation.component && !line) continue; // reported by the checker as an unknown component
    const actual = line ? line.amountMinor : result.totalMinor;
    if (actual !== expected) {
      const what = line ? `"${line.component}"` : 'the total';
      const notes = (line ? line.warnings : result.warnings).map((w) => w.message);
      diagnostics.push({
        severity: 'error',
        code: 'EXAMPLE_FAILED',
        message: `Example "${example.name?.text ?? ''}": expected ${what} to pay ${formatMinor(expected, currency)}, but it pays ${formatMinor(actual, currency)}.${notes.length > 0 ? ` (${notes.join(' ')})` : ''}`,
        range: expectation.range,
      });
    }
  }
  return diagnostics;
}
