/**
 * Checked AST -> `CompiledPlan`: the requirements the engine must load and the evaluator that
 * turns loaded numbers into rounded payout lines with explanations.
 *
 * Order of a period's evaluation: each component's exact amount (curve, table, rates or
 * amount), its own floor and cap; then gates and multipliers in the order written; then each
 * line is rounded; then caps across components, in the order written, which take cents off
 * lines by largest remainder so the total stays the sum of its lines.
 */
import type { CheckedPlan } from '../checker/check-plan.js';
import type { Diagnostic } from '../diagnostics.js';
import { formatExactMinor, formatMinor, formatPercent } from '../money/format.js';
import { roundMinor } from '../money/rounding.js';
import { splitByShares } from '../money/split.js';
import type * as ast from '../parser/ast.js';
import {
  type CodegenComponent,
  type CodegenScaleRule,
  type ExactsFunction,
  generateExacts,
} from './codegen.js';
import type {
  CompiledPlan,
  EvaluationWarning,
  Explanation,
  PayoutLine,
  PlanInput,
  PlanResult,
  RoundingMode,
  Scope,
  TargetIncentiveRule,
  TimeWindow,
} from './compiled-plan.js';
import {
  type CompiledCondition,
  type CompiledExpr,
  compileCondition,
  compiledScope,
  compileExpression,
  compileLiteral,
  type Env,
  type ExprContext,
  RequirementsBuilder,
  sourceText,
} from './expressions.js';
import { type CompiledPayout, compilePayout, dealsOf } from './payouts.js';

interface CompiledComponent {
  name: string;
  scope: Scope;
  weight: number | null;
  payout: CompiledPayout;
  cap: { value: number; share: boolean } | null;
  floor: { value: number; share: boolean } | null;
}

type Rule =
  | {
      kind: 'scale';
      label: string;
      targets: number[];
      factor: CompiledExpr;
      condition: CompiledCondition | null;
    }
  | {
      kind: 'cap';
      label: string;
      targets: number[];
      limit: number;
      share: boolean;
      ofTargetIncentive: boolean;
      unless: CompiledCondition | null;
    };

export interface PlanEvaluation extends PlanResult {
  /** The input exactly as evaluated, for examples. */
  input: PlanInput;
}

/** What an evaluator that only needs cents returns (no explanations built). */
export interface AmountsOnly {
  linesMinor: number[];
  totalMinor: number;
}

/** The evaluator with examples' overrides, for checked examples inside the plan. */
export interface CompiledPlanInternals {
  plan: CompiledPlan;
  evaluateWith(input: PlanInput, overrides: Map<string, number> | null): PlanResult;
  factListsByMeasure: Map<string, Set<string>>;
  /** Problems only compiling shows: which windows each component's payout reads. */
  diagnostics: Diagnostic[];
}

function selectTargets(components: CompiledComponent[], selector: ast.Selector | null): number[] {
  if (!selector) return [];
  const indices = components.map((_, i) => i);
  switch (selector.which) {
    case 'all':
    case 'total':
      return indices;
    case 'team':
      return indices.filter((i) => components[i]!.scope !== 'individual');
    case 'individual':
      return indices.filter((i) => components[i]!.scope === 'individual');
    case 'named': {
      const names = new Set(selector.names.map((n) => n.text));
      return indices.filter((i) => names.has(components[i]!.name));
    }
  }
}

export function compilePlan(checked: CheckedPlan, text: string): CompiledPlanInternals {
  const plan = checked.plan;
  const requirements = new RequirementsBuilder();
  const trueUp = plan.header.some((h) => h.kind === 'TrueUpItem');
  const base = (defaultScope: ast.ScopeSpec | Scope): ExprContext => ({
    checked,
    text,
    requirements,
    scope: null,
    window: null,
    defaultScope,
    viaMeasure: null,
    trueUp,
  });

  const header = <K extends ast.HeaderItem['kind']>(kind: K) =>
    plan.header.find((h): h is Extract<ast.HeaderItem, { kind: K }> => h.kind === kind);
  const rounding: RoundingMode = header('RoundingItem')?.mode ?? 'half-even';
  const tiItem = header('TargetIncentiveItem');
  const targetIncentive: TargetIncentiveRule = {
    prorate: tiItem?.prorate ?? 'none',
    dayCount: tiItem?.dayCount ?? 'actual/actual',
  };

  const components: CompiledComponent[] = [];
  const codegenComponents: CodegenComponent[] = [];
  const codegenRules: CodegenScaleRule[] = [];
  const rules: Rule[] = [];
  const clawbacks: CompiledPlan['clawbacks'][number][] = [];
  const diagnostics: Diagnostic[] = [];
  let readsPaidEarlier = trueUp;
  for (const d of plan.declarations) {
    if (d.kind === 'ComponentDecl') {
      const scope = compiledScope(d.scope?.scope ?? 'team');
      const reads = new Set<TimeWindow>();
      const goalsRead: { name: string; window: TimeWindow }[] = [];
      const ctx: ExprContext = { ...base(d.scope ?? scope), reads, goalsRead };
      const option = (which: 'cap' | 'floor') => {
        const lit = d.options.find((o) => o.option === which)?.value;
        return lit ? { value: compileLiteral(ctx, lit), share: lit.percent } : null;
      };
      codegenComponents.push({
        decl: d,
        context: ctx,
        weight: d.weight ? d.weight.written / 100 : null,
        payout: null!,
        cap: null,
        floor: null,
      });
      components.push({
        name: d.name?.text ?? '',
        scope,
        weight: d.weight ? d.weight.written / 100 : null,
        payout: compilePayout(ctx, d),
        cap: option('cap'),
        floor: option('floor'),
      });
      const diagnostic = windowDiagnostic(checked, d, reads, goalsRead, trueUp);
      if (diagnostic) diagnostics.push(diagnostic);
      if (
        d.payout?.kind === 'RatesPayout' &&
        d.payout.apply === 'running total' &&
        d.payout.mode === 'retroactive'
      )
        readsPaidEarlier = true;
    }
  }
  for (const d of plan.declarations) {
    const ctx = base('team');
    if (d.kind === 'GateDecl' || d.kind === 'MultiplyDecl') {
      codegenRules.push({
        condition: d.condition,
        factor: d.factor,
        targets: selectTargets(components, d.selector),
      });
    }
    if (d.kind === 'GateDecl') {
      rules.push({
        kind: 'scale',
        label: sourceText(ctx, d.range),
        targets: selectTargets(components, d.selector),
        factor: compileExpression(ctx, d.factor),
        condition: compileCondition(ctx, d.condition),
      });
    } else if (d.kind === 'MultiplyDecl') {
      rules.push({
        kind: 'scale',
        label: sourceText(ctx, d.range),
        targets: selectTargets(components, d.selector),
        factor: compileExpression(ctx, d.factor),
        condition: d.condition ? compileCondition(ctx, d.condition) : null,
      });
    } else if (d.kind === 'CapDecl' && d.limit) {
      rules.push({
        kind: 'cap',
        label: sourceText(ctx, d.range),
        targets: selectTargets(components, d.selector),
        limit: compileLiteral(ctx, d.limit),
        share: d.limit.percent,
        ofTargetIncentive: d.ofTargetIncentive || d.selector?.which === 'total',
        unless: d.unless ? compileCondition(ctx, d.unless) : null,
      });
    } else if (d.kind === 'ClawbackDecl') {
      const clawed = plan.declarations.find(
        (c): c is ast.ComponentDecl => c.kind === 'ComponentDecl' && c.name?.text === d.component?.text,
      );
      const factList = clawed ? dealsOf(base(clawed.scope ?? 'team'), clawed) : null;
      clawbacks.push({
        component: d.component?.text ?? '',
        share: d.share ? d.share.written / 100 : 1,
        withinDays: d.withinDays?.written ?? 0,
        churnKind: d.churnKind?.text ?? 'churn',
        ...(factList ? { factList } : {}),
      });
    }
  }

  const digits = checked.currencyDigits;
  const currency = checked.currency;
  /** Money in explanation text: exact amounts keep their fraction of a minor unit, rounded ones do not. */
  const exactText = (minor: number) => formatExactMinor(minor, currency);
  const moneyText = (minor: number) => formatMinor(minor, currency);

  const scaleRules = rules.filter((r): r is Extract<Rule, { kind: 'scale' }> => r.kind === 'scale');
  const capRules = rules.filter((r): r is Extract<Rule, { kind: 'cap' }> => r.kind === 'cap');

  function run(given: PlanInput, overrides: Map<string, number> | null, explain: boolean): PlanResult {
    const input = toDate(given);
    const warnings: EvaluationWarning[] = [];
    const lineWarnings: EvaluationWarning[][] = components.map(() => []);
    const ti = input.targetIncentiveMinor;
    const exact: number[] = [];
    const attainments: (number | null)[] = [];
    const transactionPayouts: (number[] | undefined)[] = [];
    const explanations: Explanation[][] = [];
    components.forEach((component, i) => {
      const env: Env = { input, warnings: lineWarnings[i]!, overrides };
      const target = ti === null ? null : ti * (component.weight ?? 1);
      const outcome = component.payout.run(env, target, explain);
      let amount = outcome.exact;
      const reasons = outcome.explanation;
      if (component.floor) {
        const floor = component.floor.share ? component.floor.value * (target ?? 0) : component.floor.value;
        if (amount < floor) {
          if (explain)
            reasons.push({
              label: 'floor',
              value: floor,
              unit: 'money',
              detail: `raised from ${exactText(amount)}`,
              children: [],
            });
          amount = floor;
        }
      }
      if (component.cap) {
        const cap = component.cap.share ? component.cap.value * (target ?? 0) : component.cap.value;
        if (amount > cap) {
          if (explain)
            reasons.push({
              label: 'cap',
              value: cap,
              unit: 'money',
              detail: `lowered from ${exactText(amount)}`,
              children: [],
            });
          amount = cap;
        }
      }
      exact.push(amount);
      transactionPayouts.push(outcome.transactionPayouts);
      attainments.push(outcome.attainment);
      explanations.push(reasons);
    });

    const adjustments: Explanation[] = [];
    const env: Env = { input, warnings, overrides };
    // Gates and multipliers all apply before rounding, then caps after it (see the order above).
    for (const rule of scaleRules) {
      if (rule.condition && !rule.condition.evaluate(env)) continue;
      const factor = rule.factor.evaluate(env);
      if (factor === null) continue;
      for (const i of rule.targets) {
        exact[i] = exact[i]! * factor;
        if (explain) {
          explanations[i]!.push({
            label: rule.label,
            value: factor,
            unit: 'percent',
            detail: 'applied',
            children: [],
          });
        }
      }
      if (explain) {
        adjustments.push({
          label: rule.label,
          value: factor,
          unit: 'percent',
          detail: `applied to ${rule.targets.map((i) => components[i]!.name).join(', ')}`,
          children: rule.condition ? [rule.condition.explain(env)] : [],
        });
      }
    }
    const rounded = exact.map((value) => roundMinor(value, rounding));
    for (const rule of capRules) {
      if (rule.unless?.evaluate(env)) continue;
      const weights = rule.targets.reduce((sum, i) => sum + (components[i]!.weight ?? 0), 0);
      const base = rule.ofTargetIncentive || weights === 0 ? (ti ?? 0) : (ti ?? 0) * weights;
      const limit = roundMinor(rule.share ? rule.limit * base : rule.limit, rounding);
      const positive = rule.targets.filter((i) => rounded[i]! > 0);
      const negatives = rule.targets.reduce((sum, i) => sum + Math.min(0, rounded[i]!), 0);
      const current = positive.reduce((sum, i) => sum + rounded[i]!, 0) + negatives;
      if (current <= limit) continue;
      const allowed = Math.max(0, limit - negatives);
      const parts = splitByShares(
        allowed,
        positive.map((i) => rounded[i]!),
      );
      positive.forEach((i, k) => {
        const before = rounded[i]!;
        rounded[i] = parts[k]!;
        if (explain) {
          explanations[i]!.push({
            label: rule.label,
            value: parts[k]!,
            unit: 'money',
            detail: `capped from ${moneyText(before)}`,
            children: [],
          });
        }
      });
      if (explain) {
        adjustments.push({
          label: rule.label,
          value: limit,
          unit: 'money',
          detail: `lowered ${moneyText(current)} to ${moneyText(limit)}`,
          children: rule.unless ? [rule.unless.explain(env)] : [],
        });
      }
    }
    const earned = [...rounded];
    subtractPaidEarlier(rounded, input);
    if (trueUp && explain) {
      components.forEach((_, i) => {
        const paid = earned[i]! - rounded[i]!;
        explanations[i]!.push({
          label: 'true-up',
          value: rounded[i]!,
          unit: 'money',
          detail: `earned to date ${formatMinor(earned[i]!, currency)} minus paid earlier this year ${formatMinor(paid, currency)}`,
          children: [],
        });
      });
    }
    const lines: PayoutLine[] = components.map((component, i) => ({
      component: component.name,
      amountMinor: rounded[i]!,
      attainment: attainments[i] ?? null,
      explanation: {
        label: component.name,
        value: rounded[i]!,
        unit: 'money',
        detail: `${component.weight === null ? '' : `weight ${formatPercent(component.weight)}, `}exact ${exactText(exact[i] ?? 0)} rounded ${rounding} (${currency}, ${digits} digits)`,
        children: explanations[i] ?? [],
      },
      warnings: lineWarnings[i]!,
      ...(transactionPayouts[i] ? { transactionPayouts: transactionPayouts[i] } : {}),
    }));
    return {
      lines,
      totalMinor: lines.reduce((sum, line) => sum + line.amountMinor, 0),
      adjustments,
      warnings: [...warnings, ...lineWarnings.flat()],
    };
  }

  /** The cents of `run` without explanations or warnings: the same steps, nothing else allocated. */
  // One environment for all bulk runs: evaluation never calls back into user code, so it is not re-entered.
  const bulkEnv: Env = {
    input: { aggregates: {}, transactions: {}, goals: {}, targetIncentiveMinor: null },
    warnings: null,
    overrides: null,
  };
  components.forEach((c, i) => {
    Object.assign(codegenComponents[i]!, { payout: c.payout, cap: c.cap, floor: c.floor });
  });
  // Generated on the first bulk evaluation: checking a plan in an editor never pays for it.
  let generated: ExactsFunction | null | undefined;

  function amounts(given: PlanInput): AmountsOnly {
    const input = toDate(given);
    const env = bulkEnv;
    env.input = input;
    const ti = input.targetIncentiveMinor;
    if (generated === undefined)
      generated = generateExacts(codegenComponents, codegenRules, base('team'), bulkEnv);
    if (generated) return subtracted(roundAndCap(generated(input), env, ti), input);
    const lines: number[] = new Array(components.length);
    for (let i = 0; i < components.length; i++) {
      const component = components[i]!;
      const target = ti === null ? null : ti * (component.weight ?? 1);
      const payout = component.payout;
      let amount = payout.amount ? payout.amount(env, target) : payout.run(env, target, false).exact;
      if (component.floor) {
        const floor = component.floor.share ? component.floor.value * (target ?? 0) : component.floor.value;
        if (amount < floor) amount = floor;
      }
      if (component.cap) {
        const cap = component.cap.share ? component.cap.value * (target ?? 0) : component.cap.value;
        if (amount > cap) amount = cap;
      }
      lines[i] = amount;
    }
    for (const rule of scaleRules) {
      if (rule.condition && !rule.condition.evaluate(env)) continue;
      const factor = rule.factor.evaluate(env);
      if (factor === null) continue;
      for (const i of rule.targets) lines[i] = lines[i]! * factor;
    }
    return subtracted(roundAndCap(lines, env, ti), input);
  }

  function subtracted(result: AmountsOnly, input: PlanInput): AmountsOnly {
    if (!trueUp) return result;
    subtractPaidEarlier(result.linesMinor, input);
    let totalMinor = 0;
    for (const amount of result.linesMinor) totalMinor += amount;
    return { linesMinor: result.linesMinor, totalMinor };
  }

  /**
   * Under 'true-up year to date' every share of target incentive is a share of the target to
   * date (the engine passes it), since what is earned is earned for the year so far.
   */
  function toDate(input: PlanInput): PlanInput {
    if (!trueUp || input.targetIncentiveToDateMinor === undefined) return input;
    return { ...input, targetIncentiveMinor: input.targetIncentiveToDateMinor };
  }

  /** The true-up, last in the order of evaluation: each line pays earned to date minus paid earlier. */
  function subtractPaidEarlier(lines: number[], input: PlanInput): void {
    if (!trueUp) return;
    const paid = input.earlier?.paidMinor;
    if (!paid) return;
    for (let i = 0; i < lines.length; i++) lines[i] = lines[i]! - (paid[components[i]!.name] ?? 0);
  }

  /** Steps 3 to 5 of the order of evaluation, on exact amounts. */
  function roundAndCap(lines: number[], env: Env, ti: number | null): AmountsOnly {
    for (let i = 0; i < lines.length; i++) lines[i] = roundMinor(lines[i]!, rounding);
    for (const rule of capRules) {
      if (rule.unless?.evaluate(env)) continue;
      let weights = 0;
      for (const i of rule.targets) weights += components[i]!.weight ?? 0;
      const base = rule.ofTargetIncentive || weights === 0 ? (ti ?? 0) : (ti ?? 0) * weights;
      const limit = roundMinor(rule.share ? rule.limit * base : rule.limit, rounding);
      let current = 0;
      let negatives = 0;
      for (const i of rule.targets) {
        current += lines[i]!;
        if (lines[i]! < 0) negatives += lines[i]!;
      }
      if (current <= limit) continue;
      const positive = rule.targets.filter((i) => lines[i]! > 0);
      const parts = splitByShares(
        Math.max(0, limit - negatives),
        positive.map((i) => lines[i]!),
      );
      positive.forEach((i, k) => {
        lines[i] = parts[k]!;
      });
    }
    let totalMinor = 0;
    for (const amount of lines) totalMinor += amount;
    return { linesMinor: lines, totalMinor };
  }

  const compiled: CompiledPlan & { evaluateAmounts(input: PlanInput): AmountsOnly } = {
    name: plan.name?.text ?? '',
    period: plan.header.find((h): h is ast.PeriodItem => h.kind === 'PeriodItem')?.period ?? 'quarter',
    currency,
    currencyDigits: digits,
    targetIncentive,
    rounding,
    trueUp,
    readsPaidEarlier,
    clawbacks,
    creditSplit: 'largest remainder',
    components: components.map((c) => ({ name: c.name, scope: c.scope, weight: c.weight })),
    requirements: {
      aggregates: [...requirements.aggregates.values()],
      factLists: [...requirements.factLists.values()],
      goals: [...requirements.goals.values()],
      ...(requirements.populations.size > 0 ? { populations: [...requirements.populations.values()] } : {}),
      fields: Object.fromEntries(
        [...requirements.fields].map(([kind, fields]) => [kind, [...fields].sort()]),
      ),
      windows: [...requirements.windows],
    },
    evaluate: (input) => run(input, null, true),
    evaluateAmounts: amounts,
    source: text,
  };
  return {
    plan: compiled,
    evaluateWith: (input, overrides) => run(input, overrides, true),
    factListsByMeasure: requirements.factListsByMeasure,
    diagnostics,
  };
}

/** Payouts that read the wrong windows for the plan's true-up setting, which would pay the same money twice or never. */
function windowDiagnostic(
  checked: CheckedPlan,
  d: ast.ComponentDecl,
  reads: ReadonlySet<TimeWindow>,
  goalsRead: readonly { name: string; window: TimeWindow }[],
  trueUp: boolean,
): Diagnostic | null {
  const name = d.name?.text ?? '';
  const range = d.name?.range ?? d.range;
  const periodGoal = goalsRead.find((g) => g.window === 'period');
  if (trueUp && periodGoal) {
    return {
      severity: 'error',
      code: 'TRUE_UP_GOAL_OF_PERIOD',
      message: `With 'true-up year to date' "${name}" earns for the year to date, but it reads goal "${periodGoal.name}" of the period alone. Write 'goal "${periodGoal.name}" in year to date' (the goals of the year's periods so far, added up).`,
      range,
    };
  }
  if (trueUp && !reads.has('year to date')) {
    return {
      severity: 'error',
      code: 'TRUE_UP_NEEDS_YEAR_TO_DATE',
      message: `With 'true-up year to date' each period pays what "${name}" earned for the year to date minus what it paid earlier in the year, but "${name}" pays on figures of the period only. Read its measure for the year to date (e.g. 'revenue in year to date'), or remove 'true-up year to date' from the header.`,
      range,
    };
  }
  // Money paid as is: rate tables (but not on the running total), and amounts whose unit is money.
  const payout = d.payout;
  const amountUnit =
    payout?.kind === 'AmountPayout' && payout.value ? checked.units.get(payout.value) : undefined;
  const commission =
    (payout?.kind === 'RatesPayout' && payout.apply !== 'running total') ||
    (payout?.kind === 'AmountPayout' && amountUnit !== 'percent' && amountUnit !== 'score');
  if (!trueUp && commission && reads.has('year to date')) {
    return {
      severity: 'error',
      code: 'YEAR_TO_DATE_PAID_AGAIN',
      message: `"${name}" pays on a year-to-date figure every period, so each period would pay again what earlier periods already paid. Add 'true-up year to date' to the header to pay only the difference, or pay 'on the running total'.`,
      range,
    };
  }
  return null;
}
