/**
 * Checked AST -> `CompiledPlan`: the requirements the engine must load, and the parts of the
 * evaluator (evaluator/evaluate-plan.ts): each component's compiled payout, the gates,
 * multipliers and caps, and the generated bulk code. Nothing here runs at evaluation time.
 */
import type { CheckedPlan } from '../checker/check-context.js';
import type { Diagnostic } from '../diagnostics.js';
import { type CompiledComponent, createPlanEvaluator } from '../evaluator/evaluate-plan.js';
import type { AmountsOnly, CapRule, ScaleRule } from '../evaluator/evaluation-order.js';
import type * as ast from '../parser/ast.js';
import { componentCode } from '../parser/ast-queries.js';
import { ratioValue } from '../ratio.js';
import { compileAccountPayout } from './accounts.js';
import { type CodegenComponent, type CodegenScaleRule, generateExacts } from './codegen.js';
import type {
  CompiledPlan,
  FactList,
  PlanInput,
  PlanResult,
  RoundingMode,
  Scope,
  TargetIncentiveRule,
  TimeWindow,
} from './compiled-plan.js';
import { compileDraw } from './draws.js';
import {
  compileCondition,
  compiledScope,
  compileExpression,
  compileLiteral,
  type ExprContext,
  goalRuleOf,
  RequirementsBuilder,
  sourceText,
} from './expressions.js';
import { compileHolds } from './holds.js';
import { compilePayout, dealsOf, perDealAggregate } from './payouts.js';

export interface PlanEvaluation extends PlanResult {
  /** The input exactly as evaluated, for examples. */
  input: PlanInput;
}

/** What an evaluator that only needs cents returns (no explanations built). */
export type { AmountsOnly };

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
    ...(tiItem?.ofBaseSalary ? { ofBaseSalary: tiItem.ofBaseSalary.written / 100 } : {}),
  };

  const payConversion = header('PayConversionItem')?.at ?? null;
  const paidOn = new Map<string, FactList>();
  const components: CompiledComponent[] = [];
  const codegenComponents: CodegenComponent[] = [];
  const scaleRules: ScaleRule[] = [];
  const codegenRules: CodegenScaleRule[] = [];
  const capRules: CapRule[] = [];
  const clawbacks: CompiledPlan['clawbacks'][number][] = [];
  const diagnostics: Diagnostic[] = [];
  const sharedByDays = new Set<string>();
  let readsPaidEarlier = trueUp;
  for (const d of plan.declarations) {
    if (d.kind === 'ComponentDecl') {
      const scope = compiledScope(d.scope?.scope ?? 'team');
      const reads = new Set<TimeWindow>();
      const goalsRead: { name: string; window: TimeWindow; owner: 'participant' | 'team' }[] = [];
      const moneySumsRead = new Set<string>();
      const stretchFactsRead = new Set<string>();
      const ctx: ExprContext = {
        ...base(d.scope ?? scope),
        reads,
        goalsRead,
        moneySumsRead,
        stretchFactsRead,
        ...(paysMoneyFromFacts(checked, d) ? { withinStretch: true } : {}),
      };
      const option = (which: 'cap' | 'floor') => {
        const lit = d.options.find((o) => o.option === which)?.value;
        return lit ? { value: compileLiteral(ctx, lit), share: lit.percent } : null;
      };
      const weight = d.weight?.ratio ?? null;
      const payout =
        scope === 'account'
          ? compileAccountPayout(compilePayout(ctx, d), d.name?.text ?? '', checked.currency)
          : compilePayout(ctx, d);
      codegenComponents.push({ decl: d, context: ctx, weight, payout });
      // Only a plan converting at fact dates needs to know which facts each line pays on.
      if (payConversion === 'fact date') {
        const paysOn = paidOnFacts(requirements, payout.factListKey, moneySumsRead);
        if (paysOn) paidOn.set(d.name?.text ?? '', paysOn);
        else diagnostics.push(noFactsToConvert(d));
      }
      components.push({
        name: d.name?.text ?? '',
        code: componentCode(d),
        scope,
        weight,
        payout,
        cap: option('cap'),
        floor: option('floor'),
      });
      if (!trueUp && paysMoneyForThePeriod(checked, d, stretchFactsRead))
        sharedByDays.add(d.name?.text ?? '');
      const diagnostic = windowDiagnostic(checked, d, reads, goalsRead, trueUp);
      if (diagnostic) diagnostics.push(diagnostic);
      const teamQuota = teamQuotaDiagnostic(plan, d, goalsRead);
      if (teamQuota) diagnostics.push(teamQuota);
      const tiers = dealTiersDiagnostic(ctx, d);
      if (tiers) diagnostics.push(tiers);
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
    if (d.kind === 'GateDecl' || d.kind === 'MultiplyDecl')
      codegenRules.push({ condition: d.condition, factor: d.factor });
    if (d.kind === 'GateDecl') {
      scaleRules.push({
        label: sourceText(ctx, d.range),
        targets: selectTargets(components, d.selector),
        factor: compileExpression(ctx, d.factor),
        condition: compileCondition(ctx, d.condition),
      });
    } else if (d.kind === 'MultiplyDecl') {
      scaleRules.push({
        label: sourceText(ctx, d.range),
        targets: selectTargets(components, d.selector),
        factor: compileExpression(ctx, d.factor),
        condition: d.condition ? compileCondition(ctx, d.condition) : null,
      });
    } else if (d.kind === 'CapDecl' && d.limit) {
      capRules.push({
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

  const draw = compileDraw(base('team'), plan);
  const holds = compileHolds(plan, (held) => dealsOf(base(held.scope ?? 'team'), held));
  const digits = checked.currencyDigits;
  const currency = checked.currency;
  const evaluator = createPlanEvaluator({
    components,
    scaleRules,
    capRules,
    rounding,
    trueUp,
    currency,
    digits,
    generate: (bulkEnv, targets) =>
      generateExacts(codegenComponents, codegenRules, base('team'), bulkEnv, targets),
  });
  const run = evaluator.run;
  const amounts = evaluator.amounts;

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
    ...(draw ? { draw } : {}),
    ...(holds.length > 0 ? { holds } : {}),
    creditSplit: 'largest remainder',
    components: components.map((c) => {
      const paysOn = paidOn.get(c.name);
      return {
        name: c.name,
        code: c.code,
        scope: c.scope,
        weight: c.weight ? ratioValue(c.weight) : null,
        ...(paysOn ? { paysOn } : {}),
        ...(sharedByDays.has(c.name) ? { sharedByDays: true } : {}),
      };
    }),
    ...(payConversion ? { payConversion } : {}),
    requirements: {
      aggregates: [...requirements.aggregates.values()].map((a) =>
        requirements.withinStretch.has(a.key) ? { ...a, withinStretch: true } : a,
      ),
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

/**
 * Whether a component pays money made of facts (a commission, rates, a curve per deal, a SPIFF,
 * each account) rather than a share of its target: such money is earned by the facts of the
 * stretch paid, where a share of a prorated target is earned by the period's performance.
 */
function paysMoneyFromFacts(checked: CheckedPlan, d: ast.ComponentDecl): boolean {
  const payout = d.payout;
  if (d.scope?.scope === 'account') return true;
  if (payout?.kind === 'RatesPayout') return true;
  if (payout?.kind === 'CurvePayout') return payout.apply === 'per deal';
  if (payout?.kind !== 'AmountPayout') return false;
  if (payout.perDeal) return true;
  const unit = payout.value ? checked.units.get(payout.value) : 'money';
  return unit !== 'percent' && unit !== 'score';
}

/**
 * Whether a component pays money that is not made of the stretch's own facts: a fixed amount
 * (`pays 1,500`), money bands on attainment (`from 100%: 5,000`), a commission or rates on
 * another window than the period (`2% of revenue in prior period`). A stretch earns such money
 * by its days, not by its facts. A component that reads any figure of the stretch's facts is
 * paid on them instead (`stretchFactsRead`), and shares of the target are prorated already.
 */
function paysMoneyForThePeriod(
  checked: CheckedPlan,
  d: ast.ComponentDecl,
  stretchFactsRead: ReadonlySet<string>,
): boolean {
  const payout = d.payout;
  if (d.scope?.scope === 'account' || stretchFactsRead.size > 0 || !payout) return false;
  const paysMoney = (values: readonly (ast.NumberLit | null)[]) =>
    values.some((v) => v !== null && !v.percent && v.written !== 0) &&
    !values.some((v) => v?.percent && v.written !== 0);
  switch (payout.kind) {
    case 'AmountPayout': {
      if (payout.perDeal) return false;
      const unit = payout.value ? checked.units.get(payout.value) : 'money';
      // 10% of the target incentive is prorated with the target already.
      return unit !== 'percent' && unit !== 'score' && !readsTargetIncentive(checked, payout.value);
    }
    case 'RatesPayout':
      return payout.apply !== 'per deal' && payout.apply !== 'running total';
    case 'CurvePayout':
      return payout.apply !== 'per deal' && paysMoney(payout.bands.flatMap((b) => [b.from, b.to]));
    case 'TablePayout':
      return paysMoney(payout.rows.flatMap((r) => r.cells));
  }
}

/** Whether an expression reads the target incentive, also through a measure. */
function readsTargetIncentive(checked: CheckedPlan, e: ast.Expression | null): boolean {
  if (!e) return false;
  switch (e.kind) {
    case 'TargetIncentiveRef':
      return true;
    case 'BinaryExpr':
      return readsTargetIncentive(checked, e.left) || readsTargetIncentive(checked, e.right);
    case 'NegateExpr':
    case 'ContextExpr':
      return readsTargetIncentive(checked, e.operand);
    case 'MeasureRef':
      return readsTargetIncentive(checked, checked.measures.get(e.name.text)?.value ?? null);
    default:
      return false;
  }
}

/** 'tiers by ...' on deals that are never split (a team's, an account's): the words change nothing. */
function dealTiersDiagnostic(ctx: ExprContext, d: ast.ComponentDecl): Diagnostic | null {
  const payout = d.payout;
  if ((payout?.kind !== 'RatesPayout' && payout?.kind !== 'CurvePayout') || !payout.dealTiers) return null;
  const deals = payout.input ? perDealAggregate(ctx, payout.input) : null;
  if (!deals || deals.scope === 'individual') return null;
  return {
    severity: 'warning',
    code: 'DEAL_TIERS_UNSPLIT',
    message: `"${d.name?.text ?? ''}" pays the deals ${deals.scope === 'account' ? 'of each account' : deals.scope === 'managed teams' ? 'of the managed teams' : "of the team's accounts"}, which are whole, never split between people, so 'tiers by ${payout.dealTiers.by}' changes nothing. It matters for deals credited to the participant ('for individual'); otherwise remove it.`,
    range: payout.dealTiers.range,
  };
}

/**
 * The money facts a component's line pays on, for conversion at their dates: its per-deal list,
 * else the first sum of money of the period it reads, as a list of those facts.
 */
function paidOnFacts(
  requirements: RequirementsBuilder,
  factListKey: string | undefined,
  moneySumsRead: ReadonlySet<string>,
): FactList | null {
  const list = factListKey === undefined ? undefined : requirements.factLists.get(factListKey);
  if (list) return list;
  for (const key of moneySumsRead) {
    const sum = requirements.aggregates.get(key);
    if (!sum || sum.field === null || sum.window !== 'period' || sum.scope === 'account') continue;
    return {
      key: `facts of ${sum.key}`,
      factKind: sum.factKind,
      field: sum.field,
      filters: sum.filters,
      scope: sum.scope,
      window: sum.window,
      ...(sum.individualMatch ? { individualMatch: sum.individualMatch } : {}),
    };
  }
  return null;
}

/** 'convert to pay currency at fact date' on a component that reads no money facts of the period. */
function noFactsToConvert(d: ast.ComponentDecl): Diagnostic {
  return {
    severity: 'warning',
    code: 'PAY_CONVERSION_NO_FACTS',
    message: `'${d.name?.text ?? 'This component'}' pays on no sum of money facts of the period, so it has no fact date to convert at: its line converts into the pay currency at the payment date (the period's last day). Say 'convert to pay currency at payment date' if that is meant for the whole plan.`,
    range: d.name?.range ?? d.range,
  };
}

/** A quota rule's proration or ramp on a goal read for the team, where it cannot apply: one person's dates do not change a team's goal. */
function teamQuotaDiagnostic(
  plan: ast.PlanNode,
  d: ast.ComponentDecl,
  goalsRead: readonly { name: string; owner: 'participant' | 'team' }[],
): Diagnostic | null {
  const read = goalsRead.find((g) => {
    const rule = g.owner === 'team' ? goalRuleOf(plan, g.name) : undefined;
    return rule !== undefined && (rule.prorate !== null || rule.ramp.length > 0);
  });
  if (!read) return null;
  return {
    severity: 'warning',
    code: 'QUOTA_RULE_ON_TEAM_GOAL',
    message: `"${d.name?.text ?? ''}" reads the team's goal "${read.name}", which is only cut by its rule: proration and the ramp follow one person's hire date, so they apply to participant goals. Read it 'for individual' (or in an individual component) to prorate the participant's quota.`,
    range: d.name?.range ?? d.range,
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
    (payout?.kind === 'CurvePayout' && payout.apply === 'per deal') ||
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
