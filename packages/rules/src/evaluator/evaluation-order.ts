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

import type { PlanInput, RoundingMode } from '../compiler/compiled-plan.js';
import type { CompiledCondition, CompiledExpr, Env } from '../compiler/expressions.js';
import { roundMinor } from '../money/rounding.js';
import { splitByShares, splitInto } from '../money/split.js';
import { type Ratio, scaleByRatio, sumRatios } from '../ratio.js';

/** A floor or cap: money, or a share of the component's target (`share`). */
export interface Bound {
  value: number;
  share: boolean;
}

/** What the order of evaluation needs to know of a component. */
export interface OrderComponent {
  name: string;
  /** What the true-up reads earlier payments by. */
  code: string;
  /** The exact share of the target incentive ('1/3', 3/10 for 30%); null without a weight. */
  weight: Ratio | null;
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
  /** Components with a floor or a cap: the others skip step 2. */
  private readonly bounded: number[];
  /** Per cap across components, the exact sum of its targets' weights (fixed at compile time). */
  private readonly capWeights: Ratio[];
  /**
   * When the weights add up to exactly 100%: each weighted component's share as an integer over a
   * common denominator (1/3, 1/3, 1/3 -> 1, 1, 1), for allocating the target incentive; else null.
   */
  private readonly shares: WeightedShares | null;
  /** The targets of the last target incentive allocated: a run asks for the same one per line. */
  private allocated: { ti: number; targets: number[] } | null = null;

  constructor(options: EvaluationOrderOptions) {
    this.components = options.components;
    this.scaleRules = options.scaleRules;
    this.capRules = options.capRules;
    this.rounding = options.rounding;
    this.trueUp = options.trueUp;
    this.bounded = options.components.flatMap((c, i) => (c.floor || c.cap ? [i] : []));
    // Added as fractions, so a cap on two of three thirds is on exactly 2/3 of the target.
    this.capWeights = options.capRules.map((rule) =>
      sumRatios(rule.targets.flatMap((i) => options.components[i]!.weight ?? [])),
    );
    this.shares = integerShares(options.components);
  }

  /**
   * Every component's target for the target incentive `ti`: weighted components share it by
   * largest remainder (ties to the component declared first), so when the weights add up to
   * 100% their targets add up to `ti` to the minor unit; a component without a weight has all of it.
   */
  targets(ti: number): readonly number[] {
    if (this.allocated?.ti === ti) return this.allocated.targets;
    const components = this.components;
    const targets = new Array<number>(components.length);
    for (let i = 0; i < components.length; i++) {
      const weight = components[i]!.weight;
      targets[i] = weight ? scaleByRatio(ti, weight) : ti;
    }
    if (this.shares && Number.isSafeInteger(ti)) allocateInto(targets, ti, this.shares);
    this.allocated = { ti, targets };
    return targets;
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
    return ti === null ? null : this.targets(ti)[line]!;
  }

  /**
   * Steps 2 to 6. `exact` holds step 1's amounts and is left holding the exact amounts after
   * floors, caps, gates and multipliers; `env.input` must be `toDate` of the input. `factors`,
   * from generated code, are each gate's or multiplier's factor (NaN where it does not apply)
   * in place of evaluating their closures.
   */
  apply(exact: number[], env: Env, sink: ExplanationSink | null, factors: number[] | null): AmountsOnly {
    const components = this.components;
    const input = env.input;
    const ti = input.targetIncentiveMinor;
    const bounded = this.bounded;
    for (let b = 0; b < bounded.length; b++) {
      const i = bounded[b]!;
      const component = components[i]!;
      let amount = exact[i]!;
      const target = ti === null ? 0 : this.targets(ti)[i]!;
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
    const scaleRules = this.scaleRules;
    for (let r = 0; r < scaleRules.length; r++) {
      const rule = scaleRules[r]!;
      let factor: number | null;
      if (factors) {
        factor = factors[r]!;
        if (Number.isNaN(factor)) continue;
      } else {
        if (rule.condition && !rule.condition.evaluate(env)) continue;
        factor = rule.factor.evaluate(env);
        if (factor === null) continue;
      }
      const targets = rule.targets;
      for (let t = 0; t < targets.length; t++) exact[targets[t]!] = exact[targets[t]!]! * factor;
      sink?.scaled(rule, factor);
    }
    // The bulk evaluator needs only the lines, so it rounds in place.
    const lines = sink ? exact.slice() : exact;
    const rounding = this.rounding;
    for (let i = 0; i < lines.length; i++) lines[i] = roundMinor(lines[i]!, rounding);
    const capRules = this.capRules;
    for (let r = 0; r < capRules.length; r++)
      this.crossCap(capRules[r]!, this.capWeights[r]!, lines, env, ti, sink);
    if (this.trueUp) {
      const paid = input.earlier?.paidMinor;
      for (let i = 0; i < lines.length; i++) {
        const earned = lines[i]!;
        const paidEarlier = paid?.[components[i]!.code] ?? 0;
        lines[i] = earned - paidEarlier;
        sink?.trueUp(i, earned, paidEarlier);
      }
    }
    let totalMinor = 0;
    for (let i = 0; i < lines.length; i++) totalMinor += lines[i]!;
    return { linesMinor: lines, totalMinor };
  }

  /** Step 5 for one cap: over its limit, the positive lines share what the limit allows. */
  private crossCap(
    rule: CapRule,
    weights: Ratio,
    lines: number[],
    env: Env,
    ti: number | null,
    sink: ExplanationSink | null,
  ): void {
    if (rule.unless?.evaluate(env)) return;
    // The selected components' targets as allocated, so a cap on all of them is on all of `ti`.
    const base =
      rule.ofTargetIncentive || weights.numerator === 0
        ? (ti ?? 0)
        : this.shares && ti !== null && Number.isSafeInteger(ti)
          ? rule.targets.reduce((sum, i) => sum + (this.components[i]!.weight ? this.targets(ti)[i]! : 0), 0)
          : scaleByRatio(ti ?? 0, weights);
    const limit = roundMinor(rule.share ? rule.limit * base : rule.limit, this.rounding);
    let current = 0;
    let negatives = 0;
    const targets = rule.targets;
    for (let t = 0; t < targets.length; t++) {
      const line = lines[targets[t]!]!;
      current += line;
      if (line < 0) negatives += line;
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

/** The weighted components (their line indexes), their weights as integers, and scratch for a split. */
interface WeightedShares {
  lines: number[];
  shares: number[];
  parts: number[];
}

/**
 * The weighted components' weights as integers over their common denominator, when they add up
 * to exactly 1; null otherwise (no weights, or a denominator too large to share exactly).
 */
function integerShares(components: readonly OrderComponent[]): WeightedShares | null {
  const lines = components.flatMap((c, i) => (c.weight ? [i] : []));
  const weights = lines.map((i) => components[i]!.weight!);
  if (weights.length < 2) return null;
  const total = sumRatios(weights);
  if (total.numerator !== total.denominator) return null;
  let common = 1;
  for (const w of weights) {
    common = (common / gcdOf(common, w.denominator)) * w.denominator;
    if (!Number.isSafeInteger(common) || common > 1e12) return null;
  }
  const shares = weights.map((w) => w.numerator * (common / w.denominator));
  return { lines, shares, parts: new Array<number>(shares.length).fill(0) };
}

/**
 * `splitByShares` (money/split.ts) of `ti` over the weighted lines, written into `targets`: the
 * same exact floors and largest remainders (ties to the earlier line). `parts` is scratch of the
 * lines' length, since every evaluation with a new target incentive allocates once.
 */
function allocateInto(targets: number[], ti: number, weighted: WeightedShares): void {
  const { lines, shares, parts } = weighted;
  splitInto(ti, shares, 0, shares.length, parts, 0);
  for (let k = 0; k < lines.length; k++) targets[lines[k]!] = parts[k]!;
}

function gcdOf(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}
