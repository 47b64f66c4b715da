/**
 * The evaluator: runs a compiled plan's components on one input and applies the order of
 * evaluation (evaluation-order.ts), either explaining every step (`run`) or computing cents only
 * (`amounts`, through the generated code when there is one). The compiler builds its parts.
 */

import type { ExactsFunction } from '../compiler/codegen.js';
import type {
  EvaluationWarning,
  Explanation,
  PayoutLine,
  PlanInput,
  PlanResult,
  RoundingMode,
  Scope,
} from '../compiler/compiled-plan.js';
import type { Env } from '../compiler/expressions.js';
import type { CompiledPayout } from '../compiler/payouts.js';
import { formatExactMinor, formatMinor } from '../money/format.js';
import { formatRatio, type Ratio } from '../ratio.js';
import {
  type AmountsOnly,
  type Bound,
  type CapRule,
  EvaluationOrder,
  type ExplanationSink,
  type ScaleRule,
} from './evaluation-order.js';

/** One component as the evaluator runs it. */
export interface CompiledComponent {
  name: string;
  /** What earlier payments are kept by: `code "NB"` as written, else the name. */
  code: string;
  scope: Scope;
  /** The exact share of the target incentive; null without a weight. */
  weight: Ratio | null;
  payout: CompiledPayout;
  cap: Bound | null;
  floor: Bound | null;
}

/** What the compiler hands the evaluator. */
export interface EvaluatorParts {
  components: CompiledComponent[];
  scaleRules: ScaleRule[];
  capRules: CapRule[];
  rounding: RoundingMode;
  trueUp: boolean;
  currency: string;
  digits: number;
  /**
   * The generated bulk evaluator of exact amounts, or null when the plan cannot be generated;
   * `targets` gives the components' targets for a target incentive, as the explaining evaluator has them.
   */
  generate(bulkEnv: Env, targets: (ti: number) => readonly number[]): ExactsFunction | null;
}

/** A plan's evaluator: `run` for explained lines (overrides: examples' given values), `amounts` for cents. */
export function createPlanEvaluator(parts: EvaluatorParts): {
  run(given: PlanInput, overrides: Map<string, number> | null, explain: boolean): PlanResult;
  amounts(given: PlanInput): AmountsOnly;
} {
  const { components, scaleRules, capRules, rounding, trueUp, currency, digits } = parts;
  /** Money in explanation text: exact amounts keep their fraction of a minor unit, rounded ones do not. */
  const exactText = (minor: number) => formatExactMinor(minor, currency);
  const moneyText = (minor: number) => formatMinor(minor, currency);

  const order = new EvaluationOrder({ components, scaleRules, capRules, rounding, trueUp });

  // What the run being explained records into: one sink per plan, since runs are not re-entered.
  let explaining: { explanations: Explanation[][]; adjustments: Explanation[]; env: Env } = {
    explanations: [],
    adjustments: [],
    env: {
      input: { aggregates: {}, transactions: {}, goals: {}, targetIncentiveMinor: null },
      warnings: null,
      overrides: null,
    },
  };
  const step = (i: number, label: string, value: number, unit: Explanation['unit'], detail: string) =>
    explaining.explanations[i]!.push({ label, value, unit, detail, children: [] });
  const explanationSink: ExplanationSink = {
    floor: (i, floor, from) => step(i, 'floor', floor, 'money', `raised from ${exactText(from)}`),
    cap: (i, cap, from) => step(i, 'cap', cap, 'money', `lowered from ${exactText(from)}`),
    scaled(rule, factor) {
      for (const i of rule.targets) step(i, rule.label, factor, 'percent', 'applied');
      explaining.adjustments.push({
        label: rule.label,
        value: factor,
        unit: 'percent',
        detail: `applied to ${rule.targets.map((i) => components[i]!.name).join(', ')}`,
        children: rule.condition ? [rule.condition.explain(explaining.env)] : [],
      });
    },
    crossCapped: (rule, i, to, from) => step(i, rule.label, to, 'money', `capped from ${moneyText(from)}`),
    crossCap(rule, limit, current) {
      explaining.adjustments.push({
        label: rule.label,
        value: limit,
        unit: 'money',
        detail: `lowered ${moneyText(current)} to ${moneyText(limit)}`,
        children: rule.unless ? [rule.unless.explain(explaining.env)] : [],
      });
    },
    trueUp: (i, earned, paid) =>
      step(
        i,
        'true-up',
        earned - paid,
        'money',
        `earned to date ${moneyText(earned)} minus paid earlier this year ${moneyText(paid)}`,
      ),
  };

  function run(given: PlanInput, overrides: Map<string, number> | null, explain: boolean): PlanResult {
    const input = order.toDate(given);
    const warnings: EvaluationWarning[] = [];
    const lineWarnings: EvaluationWarning[][] = components.map(() => []);
    const ti = input.targetIncentiveMinor;
    const exact: number[] = [];
    const attainments: (number | null)[] = [];
    const transactionPayouts: (number[] | undefined)[] = [];
    const explanations: Explanation[][] = [];
    components.forEach((component, i) => {
      const env: Env = { input, warnings: lineWarnings[i]!, overrides };
      const outcome = component.payout.run(env, order.target(i, ti), explain);
      exact.push(outcome.exact);
      transactionPayouts.push(outcome.transactionPayouts);
      attainments.push(outcome.attainment);
      explanations.push(outcome.explanation);
    });

    const adjustments: Explanation[] = [];
    const env: Env = { input, warnings, overrides };
    explaining = { explanations, adjustments, env };
    const sink = explain ? explanationSink : null;
    const { linesMinor, totalMinor } = order.apply(exact, env, sink, null);
    const lines: PayoutLine[] = components.map((component, i) => ({
      component: component.name,
      componentCode: component.code,
      amountMinor: linesMinor[i]!,
      attainment: attainments[i] ?? null,
      explanation: {
        label: component.name,
        value: linesMinor[i]!,
        unit: 'money',
        detail: `${component.weight === null ? '' : `weight ${formatRatio(component.weight)}, `}exact ${exactText(exact[i] ?? 0)} rounded ${rounding} (${currency}, ${digits} digits)`,
        children: explanations[i] ?? [],
      },
      warnings: lineWarnings[i]!,
      ...(transactionPayouts[i] ? { transactionPayouts: transactionPayouts[i] } : {}),
    }));
    return {
      lines,
      totalMinor,
      adjustments,
      warnings: [...warnings, ...lineWarnings.flat()],
    };
  }

  // One environment for all bulk runs: evaluation never calls back into user code, so it is not re-entered.
  const bulkEnv: Env = {
    input: { aggregates: {}, transactions: {}, goals: {}, targetIncentiveMinor: null },
    warnings: null,
    overrides: null,
  };
  // Generated on the first bulk evaluation: checking a plan in an editor never pays for it.
  let generated: ExactsFunction | null | undefined;
  // The generated code's gate and multiplier factors, reused: bulk runs are not re-entered.
  const factors: number[] = new Array(scaleRules.length).fill(Number.NaN);

  /** The cents of `run` without explanations or warnings: the same order, nothing else allocated. */
  function amounts(given: PlanInput): AmountsOnly {
    const input = order.toDate(given);
    const env = bulkEnv;
    env.input = input;
    if (generated === undefined) generated = parts.generate(bulkEnv, (ti) => order.targets(ti));
    if (generated) return order.apply(generated(input, factors), env, null, factors);
    const ti = input.targetIncentiveMinor;
    const exact: number[] = new Array(components.length);
    for (let i = 0; i < components.length; i++) {
      const payout = components[i]!.payout;
      const target = order.target(i, ti);
      exact[i] = payout.amount ? payout.amount(env, target) : payout.run(env, target, false).exact;
    }
    return order.apply(exact, env, null, null);
  }

  return { run, amounts };
}
