/**
 * The order of a period's evaluation, written once for both evaluators: the explaining one
 * (statements, explanations, examples) passes an explanation sink, the bulk one (payout runs,
 * backtests) passes none, so the two cannot pay different cents.
 *
 * 1. each component's exact amount (computed by the caller: curve, table, rates or amount);
 * 2. its own floor and cap;
 * 3. gates and multipliers, in the order written;
 * 4. each line rounded;
 * 5. caps across components, in the order written, taking cents off lines by largest
 *    remainder so the total stays the sum of its lines;
 * 6. under 'true-up year to date', what earlier periods of the year paid is subtracted.
 */
import { roundMinor } from '../money/rounding.js';
import { splitByShares } from '../money/split.js';
import type { PlanInput, RoundingMode } from './compiled-plan.js';
import type { CompiledCondition, CompiledExpr, Env } from './expressions.js';

/** A floor or cap: money, or a share of the component's target (`share`). */
export interface Bound {
  value: number;
  share: boolean;
}

/** What the order of evaluation needs to know of a component. */
export interface OrderComponent {
  name: string;
  weight: number | null;
  floor: Bound | null;
  cap: Bound | null;
}

/** A gate or multiplier: scales its target components' exact amounts by `factor`. */
export interface ScaleRule {
  label: string;
  targets: number[];
  factor: CompiledExpr;
  condition: CompiledCondition | null;
}

/** A cap across components, on rounded lines. */
export interface CapRule {
  label: string;
  targets: number[];
  limit: number;
  share: boolean;
  ofTargetIncentive: boolean;
  unless: CompiledCondition | null;
}

/** Where the explaining evaluator records each step that changed a line; amounts are in minor units. */
export interface ExplanationSink {
  floor(line: number, floor: number, from: number): void;
  cap(line: number, cap: number, from: number): void;
  scaled(rule: ScaleRule, factor: number): void;
  crossCapped(rule: CapRule, line: number, to: number, from: number): void;
  crossCap(rule: CapRule, limit: number, current: number): void;
  trueUp(line: number, earned: number, paid: number): void;
}

/** Lines in minor units and their total. */
export interface AmountsOnly {
  linesMinor: number[];
  totalMinor: number;
}

export interface EvaluationOrderOptions {
  components: OrderComponent[];
  scaleRules: ScaleRule[];
  capRules: CapRule[];
  rounding: RoundingMode;
  trueUp: boolean;
}

/** Steps 2 to 6 of the order of evaluation, on the exact amounts of step 1. */
export class EvaluationOrder {
  private readonly components: OrderComponent[];
  private readonly scaleRules: ScaleRule[];
  private readonly capRules: CapRule[];
  private readonly rounding: RoundingMode;
  private readonly trueUp: boolean;

  constructor(options: EvaluationOrderOptions) {
    this.components = options.components;
    this.scaleRules = options.scaleRules;
    this.capRules = options.capRules;
    this.rounding = options.rounding;
    this.trueUp = options.trueUp;
  }

  /**
   * Under 'true-up year to date' every share of target incentive is a share of the target to
   * date (the engine passes it), since what is earned is earned for the year so far.
   */
  toDate(input: PlanInput): PlanInput {
    if (!this.trueUp || input.targetIncentiveToDateMinor === undefined) return input;
    return { ...input, targetIncentiveMinor: input.targetIncentiveToDateMinor };
  }

  /** A component's target: its weight of the target incentive, or null without one. */
  target(line: number, ti: number | null): number | null {
    return ti === null ? null : ti * (this.components[line]!.weight ?? 1);
  }

  /**
   * Steps 2 to 6. `exact` holds step 1's amounts and is left holding the exact amounts after
   * floors, caps, gates and multipliers; `env.input` must be `toDate` of the input.
   */
  apply(exact: number[], env: Env, sink: ExplanationSink | null): AmountsOnly {
    const components = this.components;
    const input = env.input;
    const ti = input.targetIncentiveMinor;
    for (let i = 0; i < components.length; i++) {
      const component = components[i]!;
      let amount = exact[i]!;
      const target = ti === null ? 0 : ti * (component.weight ?? 1);
      if (component.floor) {
        const floor = component.floor.share ? component.floor.value * target : component.floor.value;
        if (amount < floor) {
          sink?.floor(i, floor, amount);
          amount = floor;
        }
      }
      if (component.cap) {
        const cap = component.cap.share ? component.cap.value * target : component.cap.value;
        if (amount > cap) {
          sink?.cap(i, cap, amount);
          amount = cap;
        }
      }
      exact[i] = amount;
    }
    for (const rule of this.scaleRules) {
      if (rule.condition && !rule.condition.evaluate(env)) continue;
      const factor = rule.factor.evaluate(env);
      if (factor === null) continue;
      for (const i of rule.targets) exact[i] = exact[i]! * factor;
      sink?.scaled(rule, factor);
    }
    // The bulk evaluator needs only the lines, so it rounds in place.
    const lines = sink ? exact.slice() : exact;
    const rounding = this.rounding;
    for (let i = 0; i < lines.length; i++) lines[i] = roundMinor(lines[i]!, rounding);
    for (const rule of this.capRules) this.crossCap(rule, lines, env, ti, sink);
    if (this.trueUp) {
      const paid = input.earlier?.paidMinor;
      for (let i = 0; i < lines.length; i++) {
        const earned = lines[i]!;
        const paidEarlier = paid?.[components[i]!.name] ?? 0;
        lines[i] = earned - paidEarlier;
        sink?.trueUp(i, earned, paidEarlier);
      }
    }
    let totalMinor = 0;
    for (const amount of lines) totalMinor += amount;
    return { linesMinor: lines, totalMinor };
  }

  /** Step 5 for one cap: over its limit, the positive lines share what the limit allows. */
  private crossCap(
    rule: CapRule,
    lines: number[],
    env: Env,
    ti: number | null,
    sink: ExplanationSink | null,
  ): void {
    if (rule.unless?.evaluate(env)) return;
    let weights = 0;
    for (const i of rule.targets) weights += this.components[i]!.weight ?? 0;
    const base = rule.ofTargetIncentive || weights === 0 ? (ti ?? 0) : (ti ?? 0) * weights;
    const limit = roundMinor(rule.share ? rule.limit * base : rule.limit, this.rounding);
    let current = 0;
    let negatives = 0;
    for (const i of rule.targets) {
      current += lines[i]!;
      if (lines[i]! < 0) negatives += lines[i]!;
    }
    if (current <= limit) return;
    const positive = rule.targets.filter((i) => lines[i]! > 0);
    const parts = splitByShares(
      Math.max(0, limit - negatives),
      positive.map((i) => lines[i]!),
    );
    positive.forEach((i, k) => {
      sink?.crossCapped(rule, i, parts[k]!, lines[i]!);
      lines[i] = parts[k]!;
    });
    sink?.crossCap(rule, limit, current);
  }
}
