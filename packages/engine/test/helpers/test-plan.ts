/**
 * A small hand-written `CompiledPlan` for testing the engine's data plumbing without the plan
 * language: components pay target x weight x (measure / goal), or a rate on a fact list.
 */
import type {
  ClawbackRule,
  CompiledPlan,
  DayCount,
  EvaluationWarning,
  FactAggregate,
  FactList,
  GoalReference,
  PayoutLine,
  PeriodKind,
  PlanInput,
  RoundingMode,
} from '@attain/rules';
import { roundMinor } from '../../src/money/money.js';

export interface TestComponent {
  name: string;
  weight?: number;
  scope?: 'team' | 'individual';
  /** Pays target x weight x aggregates[measure] / goals[goal]. */
  measure?: string;
  goal?: string;
  /** Or pays rate x each value of transactions[list]. */
  list?: string;
  rate?: number;
  /** With `list`: deals from this value up pay `upperRate`, and the line reports each deal's payout. */
  upperFrom?: number;
  upperRate?: number;
}

export interface TestPlanOptions {
  name?: string;
  period?: PeriodKind;
  currency?: string;
  components: readonly TestComponent[];
  aggregates?: readonly FactAggregate[];
  factLists?: readonly FactList[];
  goals?: readonly GoalReference[];
  prorate?: 'none' | 'days employed';
  dayCount?: DayCount;
  rounding?: RoundingMode;
  trueUp?: boolean;
  clawbacks?: readonly ClawbackRule[];
  /** Receives every input the engine passes, for tests that check the plumbing. */
  onEvaluate?: (input: PlanInput) => void;
}

export function createTestPlan(options: TestPlanOptions): CompiledPlan {
  const aggregates = options.aggregates ?? [];
  const factLists = options.factLists ?? [];
  const rounding = options.rounding ?? 'half-even';
  return {
    name: options.name ?? 'Test Plan',
    period: options.period ?? 'quarter',
    currency: options.currency ?? 'USD',
    currencyDigits: 2,
    targetIncentive: {
      prorate: options.prorate ?? 'days employed',
      dayCount: options.dayCount ?? 'actual/actual',
    },
    rounding,
    trueUp: options.trueUp ?? false,
    clawbacks: options.clawbacks ?? [],
    components: options.components.map((c) => ({
      name: c.name,
      scope: c.scope ?? 'team',
      weight: c.weight ?? null,
    })),
    requirements: {
      aggregates,
      factLists,
      goals: options.goals ?? [],
      fields: {},
      windows: [...new Set([...aggregates, ...factLists].map((a) => a.window))],
    },
    evaluate(input) {
      options.onEvaluate?.(input);
      const lines: PayoutLine[] = options.components.map((c) => evaluateComponent(c, input, rounding));
      return {
        lines,
        totalMinor: lines.reduce((s, l) => s + l.amountMinor, 0),
        adjustments: [],
        warnings: [],
      };
    },
  };
}

function evaluateComponent(c: TestComponent, input: PlanInput, rounding: RoundingMode): PayoutLine {
  const warnings: EvaluationWarning[] = [];
  const line = (amountMinor: number, attainment: number | null): PayoutLine => ({
    component: c.name,
    componentCode: c.name,
    amountMinor,
    attainment,
    warnings,
    explanation: { label: c.name, value: amountMinor, unit: 'money', children: [] },
  });
  if (c.list !== undefined) {
    const values = input.transactions[c.list] ?? [];
    const rateOf = (v: number) =>
      c.upperFrom !== undefined && v >= c.upperFrom ? (c.upperRate ?? 0) : (c.rate ?? 0);
    const payouts = values.map((v) => v * rateOf(v));
    const paid = line(
      roundMinor(
        payouts.reduce((s, p) => s + p, 0),
        rounding,
      ),
      null,
    );
    return c.upperFrom === undefined ? paid : ({ ...paid, transactionPayouts: payouts } as PayoutLine);
  }
  const value = input.aggregates[c.measure ?? ''] ?? null;
  const goal = input.goals[c.goal ?? ''] ?? null;
  const target = input.targetIncentiveMinor;
  if (goal === null || value === null || target === null) {
    warnings.push({ code: 'missing', message: 'missing goal, value or target: pays 0' });
    return line(0, null);
  }
  if (goal === 0) {
    warnings.push({ code: 'division-by-zero', message: 'goal is 0: pays 0' });
    return line(0, null);
  }
  const attainment = value / goal;
  return line(roundMinor(target * (c.weight ?? 1) * attainment, rounding), attainment);
}

/** A team `sum(order.amount)` over the period, keyed 'revenue'. */
export function orderRevenue(overrides: Partial<FactAggregate> = {}): FactAggregate {
  return {
    key: 'revenue',
    aggregation: 'sum',
    factKind: 'order',
    field: 'amount',
    filters: [],
    scope: 'team',
    window: 'period',
    ...overrides,
  };
}
